<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>BoardStyleProxy</name>
    <message numerus="yes">
        <location filename="../ui/common/boardstyle.cpp" line="123"/>
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
        <location filename="../model/core/claimoutcome.cpp" line="55"/>
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
        <location filename="../app/http/driverapi.cpp" line="490"/>
        <source>%n order(s) ready.</source>
        <translation>
            <numerusform>%n order ready.</numerusform>
            <numerusform>%n orders ready.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/http/driverapi.cpp" line="510"/>
        <source>%n order(s) in delivery.</source>
        <translation>
            <numerusform>%n order in delivery.</numerusform>
            <numerusform>%n orders in delivery.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/http/driverapi.cpp" line="679"/>
        <source>Too many claims; nothing was changed. Try again in %n second(s).</source>
        <translation>
            <numerusform>Too many claims; nothing was changed. Try again in %n second.</numerusform>
            <numerusform>Too many claims; nothing was changed. Try again in %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DriversModel</name>
    <message numerus="yes">
        <location filename="../model/board/driversmodel.cpp" line="136"/>
        <source>%n order(s), no limit</source>
        <translation>
            <numerusform>%n order, no limit</numerusform>
            <numerusform>%n orders, no limit</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InDeliveryModel</name>
    <message numerus="yes">
        <location filename="../model/board/indeliverymodel.cpp" line="125"/>
        <source>%n late</source>
        <translation>
            <numerusform>%n late</numerusform>
            <numerusform>%n late</numerusform>
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
        <location filename="../model/inspector/inspectorsession.cpp" line="69"/>
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
        <location filename="../ui/inspector/inspectorwindow.cpp" line="510"/>
        <source>%n order(s) on this page.</source>
        <translation>
            <numerusform>%n order on this page.</numerusform>
            <numerusform>%n orders on this page.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LateOrderWatch</name>
    <message numerus="yes">
        <location filename="../model/board/lateorderwatch.cpp" line="60"/>
        <source>%n order(s) are late: %1.</source>
        <translation>
            <numerusform>%n order is late: %1.</numerusform>
            <numerusform>%n orders are late: %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../ui/console/boardpanel.cpp" line="178"/>
        <source>%n ready</source>
        <translation>
            <numerusform>%n ready</numerusform>
            <numerusform>%n ready</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/console/boardpanel.cpp" line="204"/>
        <source>&amp;Assign %n order(s) to %1</source>
        <translation>
            <numerusform>&amp;Assign %n order to %1</numerusform>
            <numerusform>&amp;Assign %n orders to %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/console/assignmentcontroller.cpp" line="67"/>
        <source>Assigning %n order(s)…</source>
        <translation>
            <numerusform>Assigning %n order…</numerusform>
            <numerusform>Assigning %n orders…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/console/assignmentcontroller.cpp" line="96"/>
        <source>Undoing %n assignment(s)…</source>
        <translation>
            <numerusform>Undoing %n assignment…</numerusform>
            <numerusform>Undoing %n assignments…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServeCommand</name>
    <message numerus="yes">
        <location filename="../app/http/servecommand.cpp" line="124"/>
        <source>dispatch-console: stopping; %n request(s) still to answer (waiting up to %1 s).</source>
        <translation>
            <numerusform>dispatch-console: stopping; %n request still to answer (waiting up to %1 s).</numerusform>
            <numerusform>dispatch-console: stopping; %n requests still to answer (waiting up to %1 s).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/http/servecommand.cpp" line="138"/>
        <source>dispatch-console: %n request(s) not answered within the stop timeout; stopping anyway.</source>
        <translation>
            <numerusform>dispatch-console: %n request not answered within the stop timeout; stopping anyway.</numerusform>
            <numerusform>dispatch-console: %n requests not answered within the stop timeout; stopping anyway.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>main</name>
    <message numerus="yes">
        <location filename="../app/main.cpp" line="258"/>
        <source>%1 %2 (%n row(s))</source>
        <translation>
            <numerusform>%1 %2 (%n row)</numerusform>
            <numerusform>%1 %2 (%n rows)</numerusform>
        </translation>
    </message>
</context>
</TS>
