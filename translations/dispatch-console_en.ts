<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>BoardStyleProxy</name>
    <message numerus="yes">
        <location filename="../ui/common/boardstyle.cpp" line="135"/>
        <source>Waiting longer than the %n-minute limit</source>
        <translation>
            <numerusform>Waiting longer than the %n-minute limit</numerusform>
            <numerusform>Waiting longer than the %n-minute limit</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ClaimOutcome</name>
    <message numerus="yes">
        <location filename="../model/core/claimoutcome.cpp" line="43"/>
        <source>%n s ago</source>
        <translation>
            <numerusform>%n s ago</numerusform>
            <numerusform>%n s ago</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DriverApi</name>
    <message numerus="yes">
        <location filename="../app/http/driverapi.cpp" line="383"/>
        <source>%n order(s) ready.</source>
        <translation>
            <numerusform>%n order ready.</numerusform>
            <numerusform>%n orders ready.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message numerus="yes">
        <location filename="../model/inspector/inspectorpages.cpp" line="193"/>
        <source>Lifecycle (%n event(s), oldest first)</source>
        <translation>
            <numerusform>Lifecycle (%n event, oldest first)</numerusform>
            <numerusform>Lifecycle (%n events, oldest first)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../model/inspector/inspectorsession.cpp" line="72"/>
        <source>(%n byte(s))</source>
        <translation>
            <numerusform>(%n byte)</numerusform>
            <numerusform>(%n bytes)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InspectorWindow</name>
    <message numerus="yes">
        <location filename="../ui/inspector/inspectorwindow.cpp" line="409"/>
        <source>%n order(s) on this page.</source>
        <translation>
            <numerusform>%n order on this page.</numerusform>
            <numerusform>%n orders on this page.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../ui/console/mainwindow.cpp" line="430"/>
        <source>%n ready</source>
        <translation>
            <numerusform>%n ready</numerusform>
            <numerusform>%n ready</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/console/mainwindow.cpp" line="494"/>
        <source>Assigning %n order(s)…</source>
        <translation>
            <numerusform>Assigning %n order…</numerusform>
            <numerusform>Assigning %n orders…</numerusform>
        </translation>
    </message>
</context>
</TS>
