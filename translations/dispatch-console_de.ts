<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>AssignedOrdersModel</name>
    <message>
        <location filename="../model/board/assignedordersmodel.cpp" line="123"/>
        <source>waiting for pickup</source>
        <translation>wartet auf Abholung</translation>
    </message>
    <message>
        <location filename="../model/board/assignedordersmodel.cpp" line="125"/>
        <source>driver off shift</source>
        <translation>Fahrer außer Dienst</translation>
    </message>
    <message>
        <location filename="../model/board/assignedordersmodel.cpp" line="127"/>
        <source>driver inactive</source>
        <translation>Fahrer inaktiv</translation>
    </message>
    <message>
        <location filename="../model/board/assignedordersmodel.cpp" line="133"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../model/board/assignedordersmodel.cpp" line="133"/>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location filename="../model/board/assignedordersmodel.cpp" line="153"/>
        <source>Order</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <location filename="../model/board/assignedordersmodel.cpp" line="155"/>
        <source>Driver</source>
        <translation>Fahrer</translation>
    </message>
    <message>
        <location filename="../model/board/assignedordersmodel.cpp" line="157"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../model/board/assignedordersmodel.cpp" line="159"/>
        <source>Assigned for</source>
        <translation>Zugewiesen seit</translation>
    </message>
    <message>
        <location filename="../model/board/assignedordersmodel.cpp" line="161"/>
        <source>Pickup</source>
        <translation>Abholung</translation>
    </message>
    <message>
        <location filename="../model/board/assignedordersmodel.cpp" line="163"/>
        <source>Drop-off</source>
        <translation>Zustellung</translation>
    </message>
    <message>
        <location filename="../model/board/assignedordersmodel.cpp" line="165"/>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
</context>
<context>
    <name>BoardStyleProxy</name>
    <message>
        <location filename="../ui/common/boardstyle.cpp" line="115"/>
        <source>%1 · overdue</source>
        <translation>%1 · überfällig</translation>
    </message>
    <message>
        <location filename="../ui/common/boardstyle.cpp" line="117"/>
        <source>%1 · very late</source>
        <translation>%1 · stark verspätet</translation>
    </message>
    <message>
        <location filename="../ui/common/boardstyle.cpp" line="39"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../ui/common/boardstyle.cpp" line="40"/>
        <source>%1 — %2 (%3)</source>
        <translation>%1 — %2 (%3)</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/common/boardstyle.cpp" line="123"/>
        <source>Waiting longer than the %n-minute limit</source>
        <translation>
            <numerusform>Wartet länger als das Limit von %n Minute</numerusform>
            <numerusform>Wartet länger als das Limit von %n Minuten</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ClaimOutcome</name>
    <message numerus="yes">
        <location filename="../model/core/claimoutcome.cpp" line="55"/>
        <source>%n s ago</source>
        <translation>
            <numerusform>vor %n s</numerusform>
            <numerusform>vor %n s</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="118"/>
        <source>The database answered with an outcome this console does not know.</source>
        <translation>Die Datenbank hat mit einem Ergebnis geantwortet, das diese Konsole nicht kennt.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="147"/>
        <location filename="../model/core/claimoutcome.cpp" line="148"/>
        <source>driver %1</source>
        <translation>Fahrer %1</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="151"/>
        <source>Order %1 assigned to %2.</source>
        <translation>Auftrag %1 an %2 vergeben.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="153"/>
        <source>Order %1 is back on the board.</source>
        <translation>Auftrag %1 ist wieder auf der Tafel.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="155"/>
        <source>Order %1 held for you until %2.</source>
        <translation>Auftrag %1 ist bis %2 für Sie reserviert.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="158"/>
        <source>Order %1 reassigned to %2.</source>
        <translation>Auftrag %1 an %2 umvergeben.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="160"/>
        <source>Order %1 picked up by %2.</source>
        <translation>Auftrag %1 von %2 abgeholt.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="162"/>
        <source>Order %1 is on its way with %2.</source>
        <translation>Auftrag %1 ist mit %2 unterwegs.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="164"/>
        <source>Order %1 delivered by %2.</source>
        <translation>Auftrag %1 von %2 zugestellt.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="166"/>
        <source>Order %1 marked as failed.</source>
        <translation>Auftrag %1 als fehlgeschlagen markiert.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="168"/>
        <source>Order %1 cancelled.</source>
        <translation>Auftrag %1 storniert.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="176"/>
        <source>409 Conflict — order %1 is %2; that step is not possible from there.</source>
        <translation>409 Conflict — Auftrag %1 ist %2; dieser Schritt ist von dort aus nicht möglich.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="170"/>
        <source>%1 is on shift.</source>
        <translation>%1 ist im Dienst.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="172"/>
        <source>%1 is off shift; orders in hand can still be delivered.</source>
        <translation>%1 ist außer Dienst; Aufträge, die bereits unterwegs sind, können noch zugestellt werden.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="174"/>
        <source>The capacity of %1 was changed.</source>
        <translation>Die Kapazität von %1 wurde geändert.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="179"/>
        <source>409 Conflict — %1 is off shift; start a shift to take orders.</source>
        <translation>409 Conflict — %1 ist außer Dienst; beginnen Sie eine Schicht, um Aufträge zu übernehmen.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="182"/>
        <source>409 Conflict — %1 already carries as many orders as allowed; deliver one first.</source>
        <translation>409 Conflict — %1 hat bereits so viele Aufträge wie erlaubt; zuerst muss einer zugestellt werden.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="186"/>
        <source>Order %1 is already assigned to this driver (%2).</source>
        <translation>Auftrag %1 ist diesem Fahrer (%2) bereits zugewiesen.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="189"/>
        <source>409 Conflict — order %1 already assigned to %2 %3.</source>
        <translation>409 Conflict — Auftrag %1 wurde bereits %3 an %2 vergeben.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="192"/>
        <source>409 Conflict — order %1 is held by %2 until %3.</source>
        <translation>409 Conflict — Auftrag %1 ist bis %3 von %2 reserviert.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="195"/>
        <source>409 Conflict — order %1 changed while you were claiming it; try again.</source>
        <translation>409 Conflict — Auftrag %1 hat sich während Ihrer Zuweisung geändert; bitte erneut versuchen.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="199"/>
        <source>409 Conflict — order %1 is now assigned to %2, not to this driver.</source>
        <translation>409 Conflict — Auftrag %1 ist jetzt %2 zugewiesen, nicht diesem Fahrer.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="201"/>
        <source>409 Conflict — order %1 is no longer assigned to anyone.</source>
        <translation>409 Conflict — Auftrag %1 ist niemandem mehr zugewiesen.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="203"/>
        <source>Order %1 does not exist.</source>
        <translation>Auftrag %1 existiert nicht.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="205"/>
        <source>Order %1 is not ready (it is %2).</source>
        <translation>Auftrag %1 ist nicht bereit (Status: %2).</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="207"/>
        <source>Order %1 is no longer active.</source>
        <translation>Auftrag %1 ist nicht mehr aktiv.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="209"/>
        <source>Order %1 is already %2; it can no longer be put back.</source>
        <translation>Auftrag %1 ist bereits %2; er kann nicht mehr zurückgegeben werden.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="212"/>
        <source>Driver %1 does not exist.</source>
        <translation>Fahrer %1 existiert nicht.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="214"/>
        <source>Driver %1 is not active.</source>
        <translation>Fahrer %1 ist nicht aktiv.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="216"/>
        <source>The request was not valid.</source>
        <translation>Die Anfrage war ungültig.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="218"/>
        <source>This login may not change orders (permission denied); nothing was changed.</source>
        <translation>Diese Anmeldung darf keine Aufträge ändern (Zugriff verweigert); es wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="221"/>
        <source>Order %1 is being changed by someone else right now; try again in a moment.</source>
        <translation>Auftrag %1 wird gerade von jemand anderem geändert; bitte gleich noch einmal versuchen.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="225"/>
        <source>The database refused a change to order %1 that would break its rules; nothing was changed. Please report this.</source>
        <translation>Die Datenbank hat eine Änderung an Auftrag %1 abgelehnt, die gegen ihre Regeln verstoßen würde; es wurde nichts geändert. Bitte melden Sie das.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="230"/>
        <source>The answer to the claim on order %1 was lost and could not be checked; look at the board before trying again.</source>
        <translation>Die Antwort auf die Zuweisung von Auftrag %1 ging verloren und konnte nicht geprüft werden; sehen Sie auf der Tafel nach, bevor Sie es erneut versuchen.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="236"/>
        <source>The database is unavailable. Check the board before trying again.</source>
        <translation>Die Datenbank ist nicht erreichbar. Prüfen Sie die Tafel, bevor Sie es erneut versuchen.</translation>
    </message>
    <message>
        <location filename="../model/core/claimoutcome.cpp" line="237"/>
        <source>The database is unavailable (%1). Check the board before trying again.</source>
        <translation>Die Datenbank ist nicht erreichbar (%1). Prüfen Sie die Tafel, bevor Sie es erneut versuchen.</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <location filename="../app/commandline.cpp" line="133"/>
        <source>Dispatch Console: a live board of ready orders over PostgreSQL. Every assignment is one atomic UPDATE; a lost race is shown as a 409 conflict, never as success.

With no --database, the console starts (or reuses) its own PostgreSQL cluster under the data directory, reachable only through a Unix socket.</source>
        <translation>Dispatch Console: eine Live-Tafel der abholbereiten Aufträge über PostgreSQL. Jede Zuweisung ist ein einziges atomares UPDATE; ein verlorenes Rennen wird als 409-Konflikt angezeigt, nie als Erfolg.

Ohne --database startet die Konsole ihren eigenen PostgreSQL-Cluster im Datenverzeichnis (oder verwendet ihn wieder), erreichbar nur über einen Unix-Socket.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="438"/>
        <location filename="../app/commandline.cpp" line="450"/>
        <source>(see --help)</source>
        <translation>(siehe --help)</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="461"/>
        <source>Unexpected argument &quot;%1&quot; (see --help).</source>
        <translation>Unerwartetes Argument &quot;%1&quot; (siehe --help).</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="238"/>
        <source>--database needs a postgresql:// URL or libpq keywords.</source>
        <translation>--database braucht eine postgresql://-URL oder libpq-Schlüsselwörter.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="153"/>
        <source>Optional. &quot;serve&quot;: run the driver HTTP API headless. &quot;token&quot;: print a new API token for --driver (only its hash is stored), or --revoke it. &quot;maintain&quot;: create the coming months of history and drop what is older than --keep (as the database&apos;s owner).</source>
        <translation>Optional. „serve“: die Fahrer-HTTP-API ohne Fenster betreiben. „token“: ein neues API-Token für --driver ausgeben (nur sein Hash wird gespeichert) oder es mit --revoke widerrufen. „maintain“: die kommenden Monate des Verlaufs anlegen und löschen, was älter als --keep ist (als Eigentümer der Datenbank).</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="193"/>
        <source>Cannot read the configuration file %1: %2</source>
        <translation>Die Konfigurationsdatei %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="206"/>
        <source>%1 line %2: expected &quot;setting = value&quot; with one of %3.</source>
        <translation>%1 Zeile %2: erwartet wird &quot;Einstellung = Wert&quot; mit einer dieser Einstellungen: %3.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="218"/>
        <source>%1 line %2: no password in the configuration file; put it in a password file (PGPASSFILE, ~/.pgpass).</source>
        <translation>%1 Zeile %2: kein Passwort in der Konfigurationsdatei; legen Sie es in eine Passwortdatei (PGPASSFILE, ~/.pgpass).</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="242"/>
        <source>--data-dir is for the embedded database; it cannot be combined with --database.</source>
        <translation>--data-dir gilt für die eingebettete Datenbank; es kann nicht mit --database kombiniert werden.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="255"/>
        <source>--listen-database needs a postgresql:// URL or libpq keywords, and --database beside it.</source>
        <translation>--listen-database braucht eine postgresql://-URL oder libpq-Schlüsselwörter, und --database daneben.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="278"/>
        <source>--data-dir needs a directory.</source>
        <translation>--data-dir braucht ein Verzeichnis.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="291"/>
        <source>--demo-data needs a whole number from 0 to 1000000, not &quot;%1&quot;.</source>
        <translation>--demo-data braucht eine ganze Zahl von 0 bis 1000000, nicht &quot;%1&quot;.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="301"/>
        <source>--listen-database is for the console window&apos;s change listener; --migrate-only, serve, token and maintain do not listen.</source>
        <translation>--listen-database gilt für den Änderungs-Listener des Konsolenfensters; --migrate-only, serve, token und maintain lauschen nicht.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="309"/>
        <source>--inspect needs an order number (a positive whole number), not &quot;%1&quot;.</source>
        <translation>--inspect braucht eine Auftragsnummer (eine positive ganze Zahl), nicht &quot;%1&quot;.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="316"/>
        <source>--inspect opens a window; it cannot be combined with --migrate-only, serve or token.</source>
        <translation>--inspect öffnet ein Fenster; es kann nicht mit --migrate-only, serve oder token kombiniert werden.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="329"/>
        <source>--%1 is for &quot;dispatch-console %2&quot;.</source>
        <translation>--%1 gilt für &quot;dispatch-console %2&quot;.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="335"/>
        <source>--migrate-only cannot be combined with &quot;%1&quot;.</source>
        <translation>--migrate-only kann nicht mit &quot;%1&quot; kombiniert werden.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="348"/>
        <source>--listen needs an IP address and a port, such as 127.0.0.1:8080 or [::1]:0, not &quot;%1&quot;.</source>
        <translation>--listen braucht eine IP-Adresse und einen Port, etwa 127.0.0.1:8080 oder [::1]:0, nicht &quot;%1&quot;.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="359"/>
        <source>--workers needs a whole number from 1 to 64.</source>
        <translation>--workers braucht eine ganze Zahl von 1 bis 64.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="367"/>
        <source>--max-queue needs a whole number from 0 to 10000.</source>
        <translation>--max-queue braucht eine ganze Zahl von 0 bis 10000.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="376"/>
        <source>--rate-limit needs a number from 0 to 1000 (claims a second; 0: no limit).</source>
        <translation>--rate-limit braucht eine Zahl von 0 bis 1000 (Übernahmen pro Sekunde; 0: keine Grenze).</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="385"/>
        <source>--rate-burst needs a whole number from 1 to 10000.</source>
        <translation>--rate-burst braucht eine ganze Zahl von 1 bis 10000.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="393"/>
        <source>--access-log needs a file.</source>
        <translation>--access-log braucht eine Datei.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="406"/>
        <source>&quot;token&quot; needs --driver with a driver&apos;s id (a positive whole number).</source>
        <translation>&quot;token&quot; braucht --driver mit der ID eines Fahrers (eine positive ganze Zahl).</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="420"/>
        <source>&quot;maintain&quot; needs --keep with an age of at least a month, such as 13months, 400days or 2years, not &quot;%1&quot;. Nothing was dropped.</source>
        <translation>„maintain“ braucht --keep mit einem Alter von mindestens einem Monat, etwa 13months, 400days oder 2years, nicht „%1“. Es wurde nichts gelöscht.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="483"/>
        <source>warning: the password in --database can be read by every user of this machine (ps, /proc) while the console runs; put it in a password file (~/.pgpass, or the file PGPASSFILE names) or in PGPASSWORD instead.</source>
        <translation>Warnung: das Passwort in --database kann, solange die Konsole läuft, von jedem Benutzer dieses Rechners gelesen werden (ps, /proc); legen Sie es stattdessen in eine Passwortdatei (~/.pgpass oder die Datei, die PGPASSFILE nennt) oder in PGPASSWORD.</translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <location filename="../ui/console/connectiondialog.cpp" line="23"/>
        <source>Connect to a database</source>
        <translation>Mit einer Datenbank verbinden</translation>
    </message>
    <message>
        <location filename="../ui/console/connectiondialog.cpp" line="26"/>
        <source>How to give the address</source>
        <translation>Art der Adressangabe</translation>
    </message>
    <message>
        <location filename="../ui/console/connectiondialog.cpp" line="32"/>
        <source>Database URL</source>
        <translation>Datenbank-URL</translation>
    </message>
    <message>
        <location filename="../ui/console/connectiondialog.cpp" line="33"/>
        <source>&amp;URL or keywords:</source>
        <translation>&amp;URL oder Schlüsselwörter:</translation>
    </message>
    <message>
        <location filename="../ui/console/connectiondialog.cpp" line="34"/>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <location filename="../ui/console/connectiondialog.cpp" line="39"/>
        <source>host name or socket directory</source>
        <translation>Hostname oder Socket-Verzeichnis</translation>
    </message>
    <message>
        <location filename="../ui/console/connectiondialog.cpp" line="45"/>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <location filename="../ui/console/connectiondialog.cpp" line="46"/>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <location filename="../ui/console/connectiondialog.cpp" line="47"/>
        <source>&amp;Database:</source>
        <translation>&amp;Datenbank:</translation>
    </message>
    <message>
        <location filename="../ui/console/connectiondialog.cpp" line="48"/>
        <source>U&amp;ser:</source>
        <translation>&amp;Benutzer:</translation>
    </message>
    <message>
        <location filename="../ui/console/connectiondialog.cpp" line="49"/>
        <source>Fields</source>
        <translation>Felder</translation>
    </message>
    <message>
        <location filename="../ui/console/connectiondialog.cpp" line="55"/>
        <source>leave empty to use ~/.pgpass or PGPASSWORD</source>
        <translation>leer lassen, um ~/.pgpass oder PGPASSWORD zu verwenden</translation>
    </message>
    <message>
        <location filename="../ui/console/connectiondialog.cpp" line="56"/>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <location filename="../ui/console/connectiondialog.cpp" line="57"/>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;wort:</translation>
    </message>
</context>
<context>
    <name>ConnectionSettings</name>
    <message>
        <location filename="../model/db/connectionsettings.cpp" line="75"/>
        <source>The database address is empty.</source>
        <translation>Die Datenbankadresse ist leer.</translation>
    </message>
    <message>
        <location filename="../model/db/connectionsettings.cpp" line="80"/>
        <source>The database address is too long.</source>
        <translation>Die Datenbankadresse ist zu lang.</translation>
    </message>
    <message>
        <location filename="../model/db/connectionsettings.cpp" line="86"/>
        <source>The database address contains a NUL character.</source>
        <translation>Die Datenbankadresse enthält ein NUL-Zeichen.</translation>
    </message>
    <message>
        <location filename="../model/db/connectionsettings.cpp" line="93"/>
        <source>The database address must be a postgresql:// URL or libpq keywords such as &quot;host=db1 dbname=dispatch&quot;.</source>
        <translation>Die Datenbankadresse muss eine postgresql://-URL oder aus libpq-Schlüsselwörtern wie &quot;host=db1 dbname=dispatch&quot; bestehen.</translation>
    </message>
    <message>
        <location filename="../model/db/connectionsettings.cpp" line="104"/>
        <source>out of memory</source>
        <translation>nicht genug Speicher</translation>
    </message>
    <message>
        <location filename="../model/db/connectionsettings.cpp" line="107"/>
        <source>The database address is not valid: %1</source>
        <translation>Die Datenbankadresse ist ungültig: %1</translation>
    </message>
    <message>
        <location filename="../model/db/connectionsettings.cpp" line="132"/>
        <source>The database port must be a number from 1 to 65535.</source>
        <translation>Der Datenbank-Port muss eine Zahl von 1 bis 65535 sein.</translation>
    </message>
</context>
<context>
    <name>DatabaseConnection</name>
    <message>
        <location filename="../model/db/databaseconnection.cpp" line="226"/>
        <source>no answer from the server</source>
        <translation>keine Antwort vom Server</translation>
    </message>
</context>
<context>
    <name>DriverApi</name>
    <message>
        <location filename="../app/http/driverapi.cpp" line="70"/>
        <location filename="../app/http/driverapi.cpp" line="149"/>
        <source>The database is unavailable; nothing was changed. Try again shortly.</source>
        <translation>Die Datenbank ist nicht erreichbar; es wurde nichts geändert. Bitte gleich noch einmal versuchen.</translation>
    </message>
    <message>
        <location filename="../app/http/driverapi.cpp" line="123"/>
        <source>Order %1 is already assigned to you.</source>
        <translation>Auftrag %1 ist Ihnen bereits zugewiesen.</translation>
    </message>
    <message>
        <location filename="../app/http/driverapi.cpp" line="129"/>
        <source>Order %1 is already assigned to another driver.</source>
        <translation>Auftrag %1 ist bereits einem anderen Fahrer zugewiesen.</translation>
    </message>
    <message>
        <location filename="../app/http/driverapi.cpp" line="130"/>
        <source>Order %1 is already assigned to %2.</source>
        <translation>Auftrag %1 ist bereits %2 zugewiesen.</translation>
    </message>
    <message>
        <location filename="../app/http/driverapi.cpp" line="139"/>
        <source>Order %1 is held by a dispatcher until %2.</source>
        <translation>Auftrag %1 ist bis %2 von einem Disponenten reserviert.</translation>
    </message>
    <message>
        <location filename="../app/http/driverapi.cpp" line="145"/>
        <source>Order %1 is not assigned to you.</source>
        <translation>Auftrag %1 ist Ihnen nicht zugewiesen.</translation>
    </message>
    <message>
        <location filename="../app/http/driverapi.cpp" line="293"/>
        <source>Every worker is busy; nothing was changed. Try again shortly.</source>
        <translation>Alle Worker sind beschäftigt; es wurde nichts geändert. Bitte gleich noch einmal versuchen.</translation>
    </message>
    <message>
        <location filename="../app/http/driverapi.cpp" line="410"/>
        <source>No such endpoint.</source>
        <translation>Diesen Endpunkt gibt es nicht.</translation>
    </message>
    <message>
        <location filename="../app/http/driverapi.cpp" line="415"/>
        <source>Use %1 here.</source>
        <translation>Verwenden Sie hier %1.</translation>
    </message>
    <message>
        <location filename="../app/http/driverapi.cpp" line="423"/>
        <source>This endpoint takes no request body.</source>
        <translation>Dieser Endpunkt nimmt keinen Request-Body an.</translation>
    </message>
    <message>
        <location filename="../app/http/driverapi.cpp" line="464"/>
        <source>The database answers.</source>
        <translation>Die Datenbank antwortet.</translation>
    </message>
    <message>
        <location filename="../app/http/driverapi.cpp" line="435"/>
        <source>Send the token in the Authorization header, never in the URL.</source>
        <translation>Senden Sie das Token im Authorization-Header, nie in der URL.</translation>
    </message>
    <message>
        <location filename="../app/http/driverapi.cpp" line="443"/>
        <source>Send &quot;Authorization: Bearer &lt;token&gt;&quot; with a driver&apos;s token.</source>
        <translation>Senden Sie &quot;Authorization: Bearer &lt;token&gt;&quot; mit dem Token eines Fahrers.</translation>
    </message>
    <message>
        <location filename="../app/http/driverapi.cpp" line="476"/>
        <source>limit must be a whole number from 1 to 100.</source>
        <translation>limit muss eine ganze Zahl von 1 bis 100 sein.</translation>
    </message>
    <message>
        <location filename="../app/http/driverapi.cpp" line="83"/>
        <source>The token is not valid (revoked or never issued).</source>
        <translation>Das Token ist ungültig (widerrufen oder nie ausgegeben).</translation>
    </message>
    <message>
        <location filename="../app/http/driverapi.cpp" line="87"/>
        <source>Driver %1 is not active.</source>
        <translation>Fahrer %1 ist nicht aktiv.</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/http/driverapi.cpp" line="490"/>
        <source>%n order(s) ready.</source>
        <translation>
            <numerusform>%n Auftrag bereit.</numerusform>
            <numerusform>%n Aufträge bereit.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/http/driverapi.cpp" line="492"/>
        <source>Showing the oldest %1.</source>
        <translation>Angezeigt werden die ältesten %1.</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/http/driverapi.cpp" line="510"/>
        <source>%n order(s) in delivery.</source>
        <translation>
            <numerusform>%n Auftrag in Zustellung.</numerusform>
            <numerusform>%n Aufträge in Zustellung.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/http/driverapi.cpp" line="579"/>
        <source>Say why the delivery failed: {&quot;reason&quot;: &quot;…&quot;}, 3 to 500 characters.</source>
        <translation>Geben Sie an, warum die Zustellung fehlgeschlagen ist: {&quot;reason&quot;: &quot;…&quot;}, 3 bis 500 Zeichen.</translation>
    </message>
    <message>
        <location filename="../app/http/driverapi.cpp" line="591"/>
        <source>Send {&quot;on_shift&quot;: true} or {&quot;on_shift&quot;: false}.</source>
        <translation>Senden Sie {&quot;on_shift&quot;: true} oder {&quot;on_shift&quot;: false}.</translation>
    </message>
    <message>
        <location filename="../app/http/driverapi.cpp" line="629"/>
        <source>An order number must be a positive whole number.</source>
        <translation>Eine Auftragsnummer muss eine positive ganze Zahl sein.</translation>
    </message>
    <message>
        <location filename="../app/http/driverapi.cpp" line="651"/>
        <source>An Idempotency-Key is 1 to 200 visible ASCII characters.</source>
        <translation>Ein Idempotency-Key besteht aus 1 bis 200 sichtbaren ASCII-Zeichen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/http/driverapi.cpp" line="679"/>
        <source>Too many claims; nothing was changed. Try again in %n second(s).</source>
        <translation>
            <numerusform>Zu viele Übernahmen; es wurde nichts geändert. In %n Sekunde erneut versuchen.</numerusform>
            <numerusform>Zu viele Übernahmen; es wurde nichts geändert. In %n Sekunden erneut versuchen.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/http/driverapi.cpp" line="710"/>
        <source>This Idempotency-Key was used for a different request.</source>
        <translation>Dieser Idempotency-Key wurde für eine andere Anfrage verwendet.</translation>
    </message>
</context>
<context>
    <name>DriverTokens</name>
    <message>
        <location filename="../model/claims/drivertokens.cpp" line="28"/>
        <source>A driver number must be a positive whole number.</source>
        <translation>Eine Fahrernummer muss eine positive ganze Zahl sein.</translation>
    </message>
    <message>
        <location filename="../model/claims/drivertokens.cpp" line="37"/>
        <source>Could not store the token: %1</source>
        <translation>Das Token konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <location filename="../model/claims/drivertokens.cpp" line="42"/>
        <source>Driver %1 does not exist.</source>
        <translation>Fahrer %1 existiert nicht.</translation>
    </message>
    <message>
        <location filename="../model/claims/drivertokens.cpp" line="88"/>
        <source>driver %1 is inactive: every request with this token gets 403 DRIVER_INACTIVE until the driver is active again.</source>
        <translation>Fahrer %1 ist inaktiv: jede Anfrage mit diesem Token erhält 403 DRIVER_INACTIVE, bis der Fahrer wieder aktiv ist.</translation>
    </message>
</context>
<context>
    <name>DriversModel</name>
    <message>
        <location filename="../model/board/driversmodel.cpp" line="68"/>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <location filename="../model/board/driversmodel.cpp" line="70"/>
        <source>Busy</source>
        <translation>Beschäftigt</translation>
    </message>
    <message>
        <location filename="../model/board/driversmodel.cpp" line="72"/>
        <source>Off shift</source>
        <translation>Außer Dienst</translation>
    </message>
    <message>
        <location filename="../model/board/driversmodel.cpp" line="74"/>
        <source>Inactive</source>
        <translation>Inaktiv</translation>
    </message>
    <message numerus="yes">
        <location filename="../model/board/driversmodel.cpp" line="136"/>
        <source>%n order(s), no limit</source>
        <translation>
            <numerusform>%n Auftrag, ohne Limit</numerusform>
            <numerusform>%n Aufträge, ohne Limit</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../model/board/driversmodel.cpp" line="137"/>
        <source>%1 of %2 orders</source>
        <translation>%1 von %2 Aufträgen</translation>
    </message>
    <message>
        <location filename="../model/board/driversmodel.cpp" line="140"/>
        <source>%1, app seen %2</source>
        <translation>%1, App gesehen %2</translation>
    </message>
    <message>
        <location filename="../model/board/driversmodel.cpp" line="141"/>
        <source>%1, app not seen yet</source>
        <translation>%1, App noch nicht gesehen</translation>
    </message>
    <message>
        <location filename="../model/board/driversmodel.cpp" line="159"/>
        <source>Driver %1</source>
        <translation>Fahrer %1</translation>
    </message>
    <message>
        <location filename="../model/board/driversmodel.cpp" line="160"/>
        <source>Driver %1 is inactive and cannot take orders</source>
        <translation>Fahrer %1 ist inaktiv und kann keine Aufträge übernehmen</translation>
    </message>
    <message>
        <location filename="../model/board/driversmodel.cpp" line="164"/>
        <source>%1 (inactive)</source>
        <translation>%1 (inaktiv)</translation>
    </message>
    <message>
        <location filename="../model/board/driversmodel.cpp" line="171"/>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location filename="../model/board/driversmodel.cpp" line="87"/>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <location filename="../model/board/driversmodel.cpp" line="90"/>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message>
        <location filename="../model/board/driversmodel.cpp" line="92"/>
        <source>%1 min ago</source>
        <translation>vor %1 min</translation>
    </message>
    <message>
        <location filename="../model/board/driversmodel.cpp" line="93"/>
        <source>%1 h ago</source>
        <translation>vor %1 h</translation>
    </message>
    <message>
        <location filename="../model/board/driversmodel.cpp" line="201"/>
        <source>Driver</source>
        <translation>Fahrer</translation>
    </message>
    <message>
        <location filename="../model/board/driversmodel.cpp" line="203"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../model/board/driversmodel.cpp" line="205"/>
        <source>Load</source>
        <translation>Auslastung</translation>
    </message>
    <message>
        <location filename="../model/board/driversmodel.cpp" line="207"/>
        <source>Last seen</source>
        <translation>Zuletzt gesehen</translation>
    </message>
</context>
<context>
    <name>HistoryMaintenance</name>
    <message>
        <location filename="../model/db/historymaintenance.cpp" line="53"/>
        <source>Could not start the maintenance: %1</source>
        <translation>Die Wartung konnte nicht beginnen: %1</translation>
    </message>
    <message>
        <location filename="../model/db/historymaintenance.cpp" line="64"/>
        <source>Only the database&apos;s owner may drop history; run maintain with the owner&apos;s login. Nothing was changed.</source>
        <translation>Nur der Eigentümer der Datenbank darf Verlauf löschen; maintain mit dessen Anmeldung ausführen. Es wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../model/db/historymaintenance.cpp" line="66"/>
        <source>The maintenance failed; nothing was changed: %1</source>
        <translation>Die Wartung ist fehlgeschlagen; es wurde nichts geändert: %1</translation>
    </message>
    <message>
        <location filename="../model/db/historymaintenance.cpp" line="76"/>
        <source>Could not commit the maintenance; nothing was changed: %1</source>
        <translation>Die Wartung konnte nicht abgeschlossen werden; es wurde nichts geändert: %1</translation>
    </message>
</context>
<context>
    <name>HttpConnection</name>
    <message>
        <location filename="../app/http/httpconnection.cpp" line="36"/>
        <source>The request&apos;s framing is malformed or ambiguous (a header line, Content-Length or Transfer-Encoding); nothing was changed.</source>
        <translation>Der Aufbau der Anfrage ist fehlerhaft oder mehrdeutig (eine Header-Zeile, Content-Length oder Transfer-Encoding); es wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../app/http/httpconnection.cpp" line="43"/>
        <source>This endpoint takes no request body (at most %1 bytes are accepted); nothing was changed.</source>
        <translation>Dieser Endpunkt nimmt keinen Request-Body an (angenommen werden höchstens %1 Bytes); es wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../app/http/httpconnection.cpp" line="51"/>
        <source>The request line and headers are over %1 bytes; nothing was changed.</source>
        <translation>Anfragezeile und Header sind länger als %1 Bytes; es wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../app/http/httpconnection.cpp" line="58"/>
        <source>Only &quot;Transfer-Encoding: chunked&quot; is understood; nothing was changed.</source>
        <translation>Verstanden wird nur &quot;Transfer-Encoding: chunked&quot;; es wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../app/http/httpconnection.cpp" line="64"/>
        <source>The request did not arrive whole within %1 ms; nothing was changed.</source>
        <translation>Die Anfrage ist nicht innerhalb von %1 ms vollständig angekommen; es wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../app/http/httpconnection.cpp" line="71"/>
        <source>Too many open connections; nothing was changed. Try again shortly.</source>
        <translation>Zu viele offene Verbindungen; es wurde nichts geändert. Bitte gleich noch einmal versuchen.</translation>
    </message>
    <message>
        <location filename="../app/http/httpconnection.cpp" line="77"/>
        <source>Too many requests sent ahead of their answers on one connection; this one was not run. Try again shortly.</source>
        <translation>Auf einer Verbindung wurden zu viele Anfragen vor ihren Antworten gesendet; diese wurde nicht ausgeführt. Bitte gleich noch einmal versuchen.</translation>
    </message>
</context>
<context>
    <name>InDeliveryModel</name>
    <message>
        <location filename="../model/board/indeliverymodel.cpp" line="90"/>
        <source>Assigned</source>
        <translation>Zugewiesen</translation>
    </message>
    <message>
        <location filename="../model/board/indeliverymodel.cpp" line="92"/>
        <source>Picked up</source>
        <translation>Abgeholt</translation>
    </message>
    <message>
        <location filename="../model/board/indeliverymodel.cpp" line="94"/>
        <source>In transit</source>
        <translation>Unterwegs</translation>
    </message>
    <message>
        <location filename="../model/board/indeliverymodel.cpp" line="102"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../model/board/indeliverymodel.cpp" line="104"/>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location filename="../model/board/indeliverymodel.cpp" line="105"/>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <location filename="../model/board/indeliverymodel.cpp" line="123"/>
        <source>%1 assigned · %2 picked up · %3 in transit</source>
        <translation>%1 zugewiesen · %2 abgeholt · %3 unterwegs</translation>
    </message>
    <message numerus="yes">
        <location filename="../model/board/indeliverymodel.cpp" line="125"/>
        <source>%n late</source>
        <translation>
            <numerusform>%n verspätet</numerusform>
            <numerusform>%n verspätet</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../model/board/indeliverymodel.cpp" line="146"/>
        <source>Promised for %1</source>
        <translation>Zugesagt für %1</translation>
    </message>
    <message>
        <location filename="../model/board/indeliverymodel.cpp" line="171"/>
        <source>no promise</source>
        <translation>keine Zusage</translation>
    </message>
    <message>
        <location filename="../model/board/indeliverymodel.cpp" line="174"/>
        <source>late by %1</source>
        <translation>%1 zu spät</translation>
    </message>
    <message>
        <location filename="../model/board/indeliverymodel.cpp" line="176"/>
        <source>due in %1</source>
        <translation>fällig in %1</translation>
    </message>
    <message>
        <location filename="../model/board/indeliverymodel.cpp" line="177"/>
        <source>%1 left</source>
        <translation>noch %1</translation>
    </message>
    <message>
        <location filename="../model/board/indeliverymodel.cpp" line="197"/>
        <source>Order</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <location filename="../model/board/indeliverymodel.cpp" line="199"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../model/board/indeliverymodel.cpp" line="201"/>
        <source>Driver</source>
        <translation>Fahrer</translation>
    </message>
    <message>
        <location filename="../model/board/indeliverymodel.cpp" line="203"/>
        <source>In status for</source>
        <translation>Im Status seit</translation>
    </message>
    <message>
        <location filename="../model/board/indeliverymodel.cpp" line="205"/>
        <source>Promise</source>
        <translation>Zusage</translation>
    </message>
    <message>
        <location filename="../model/board/indeliverymodel.cpp" line="207"/>
        <source>Pickup</source>
        <translation>Abholung</translation>
    </message>
    <message>
        <location filename="../model/board/indeliverymodel.cpp" line="209"/>
        <source>Drop-off</source>
        <translation>Zustellung</translation>
    </message>
    <message>
        <location filename="../model/board/indeliverymodel.cpp" line="211"/>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
</context>
<context>
    <name>InDeliveryPanel</name>
    <message>
        <location filename="../ui/console/indeliverypanel.cpp" line="32"/>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <location filename="../ui/console/indeliverypanel.cpp" line="81"/>
        <source>Orders in delivery</source>
        <translation>Aufträge in Zustellung</translation>
    </message>
    <message>
        <location filename="../ui/console/indeliverypanel.cpp" line="86"/>
        <source>In delivery</source>
        <translation>In Zustellung</translation>
    </message>
    <message>
        <location filename="../ui/console/indeliverypanel.cpp" line="97"/>
        <source>Mark &amp;failed…</source>
        <translation>Als &amp;fehlgeschlagen markieren…</translation>
    </message>
    <message>
        <location filename="../ui/console/indeliverypanel.cpp" line="98"/>
        <source>The selected order could not be delivered; say why.</source>
        <translation>Der gewählte Auftrag konnte nicht zugestellt werden; geben Sie den Grund an.</translation>
    </message>
    <message>
        <location filename="../ui/console/indeliverypanel.cpp" line="99"/>
        <source>Ca&amp;ncel order…</source>
        <translation>Auftrag st&amp;ornieren…</translation>
    </message>
    <message>
        <location filename="../ui/console/indeliverypanel.cpp" line="100"/>
        <source>Cancel the selected order; say why.</source>
        <translation>Den gewählten Auftrag stornieren; geben Sie den Grund an.</translation>
    </message>
    <message>
        <location filename="../ui/console/indeliverypanel.cpp" line="170"/>
        <source>Mark order %1 failed</source>
        <translation>Auftrag %1 als fehlgeschlagen markieren</translation>
    </message>
    <message>
        <location filename="../ui/console/indeliverypanel.cpp" line="171"/>
        <source>Why could order %1 not be delivered? (at least 3 characters)</source>
        <translation>Warum konnte Auftrag %1 nicht zugestellt werden? (mindestens 3 Zeichen)</translation>
    </message>
    <message>
        <location filename="../ui/console/indeliverypanel.cpp" line="182"/>
        <source>Cancel order %1</source>
        <translation>Auftrag %1 stornieren</translation>
    </message>
    <message>
        <location filename="../ui/console/indeliverypanel.cpp" line="183"/>
        <source>Why is order %1 cancelled? (at least 3 characters)</source>
        <translation>Warum wird Auftrag %1 storniert? (mindestens 3 Zeichen)</translation>
    </message>
    <message>
        <location filename="../app/lib/consolesession.cpp" line="141"/>
        <source>In &amp;delivery</source>
        <translation>&amp;In Zustellung</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="20"/>
        <source>nobody</source>
        <translation>niemand</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="50"/>
        <source>order %1  </source>
        <translation>Auftrag %1  </translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="75"/>
        <source>SQL (claim function)</source>
        <translation>SQL (Zuweisungsfunktion)</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="83"/>
        <source>created</source>
        <translation>angelegt</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="85"/>
        <source>status change</source>
        <translation>Statuswechsel</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="87"/>
        <source>assignment</source>
        <translation>Zuweisung</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="89"/>
        <source>release</source>
        <translation>Freigabe</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="91"/>
        <source>reassignment</source>
        <translation>Umvergabe</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="93"/>
        <source>hold</source>
        <translation>Reservierung</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="95"/>
        <source>hold ended</source>
        <translation>Reservierung beendet</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="97"/>
        <source>active flag</source>
        <translation>Aktiv-Kennzeichen</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="99"/>
        <source>deleted</source>
        <translation>gelöscht</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="109"/>
        <source>Created as %1</source>
        <translation>Angelegt als %1</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="111"/>
        <source>with %1</source>
        <translation>bei %1</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="114"/>
        <source>Deleted (was %1)</source>
        <translation>Gelöscht (war %1)</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="116"/>
        <source>Assigned to %1</source>
        <translation>Zugewiesen an %1</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="119"/>
        <source>Released by %1</source>
        <translation>Freigegeben durch %1</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="122"/>
        <source>Reassigned from %1 to %2</source>
        <translation>Umvergeben von %1 an %2</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="127"/>
        <source>Held by %1 until %2</source>
        <translation>Reserviert durch %1 bis %2</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="132"/>
        <source>Hold by %1 ended</source>
        <translation>Reservierung durch %1 beendet</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="135"/>
        <source>Made active</source>
        <translation>Aktiviert</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="135"/>
        <source>Made inactive</source>
        <translation>Deaktiviert</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="143"/>
        <source>Status stays %1</source>
        <translation>Status bleibt %1</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="150"/>
        <source>won</source>
        <translation>gewonnen</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="153"/>
        <source>lost (%1): held by %2</source>
        <translation>verloren (%1): gehalten von %2</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="156"/>
        <source>lost (%1)</source>
        <translation>verloren (%1)</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="158"/>
        <source>refused (%1)</source>
        <translation>abgelehnt (%1)</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="158"/>
        <source>refused</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="182"/>
        <source>Order %1: not found.</source>
        <translation>Auftrag %1: nicht gefunden.</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="183"/>
        <source>Order %1: %2</source>
        <translation>Auftrag %1: %2</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="186"/>
        <source>Order %1 — %2, driver %3 (read %4)</source>
        <translation>Auftrag %1 — %2, Fahrer %3 (gelesen %4)</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="189"/>
        <source>Current row</source>
        <translation>Aktuelle Zeile</translation>
    </message>
    <message numerus="yes">
        <location filename="../model/inspector/inspectorpages.cpp" line="193"/>
        <source>Lifecycle (%n event(s), oldest first)</source>
        <translation>
            <numerusform>Verlauf (%n Ereignis, älteste zuerst)</numerusform>
            <numerusform>Verlauf (%n Ereignisse, älteste zuerst)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="200"/>
        <source>  reason: %1</source>
        <translation>  Grund: %1</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="204"/>
        <source>  … only the first %1 events are shown</source>
        <translation>  … nur die ersten %1 Ereignisse werden angezeigt</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="207"/>
        <source>Claim attempts (%1, oldest first): %2 won, %3 conflicts (409)</source>
        <translation>Zuweisungsversuche (%1, älteste zuerst): %2 gewonnen, %3 Konflikte (409)</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="214"/>
        <source>  … only the first %1 attempts are shown</source>
        <translation>  … nur die ersten %1 Versuche werden angezeigt</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="255"/>
        <source>Driver %1: not found.</source>
        <translation>Fahrer %1: nicht gefunden.</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="256"/>
        <source>Driver %1: %2</source>
        <translation>Fahrer %1: %2</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="260"/>
        <source>Driver %1 (#%2) — of the last %3 attempts: %4 won, %5 conflicts (409), %6 other refusals (read %7)</source>
        <translation>Fahrer %1 (#%2) — von den letzten %3 Versuchen: %4 gewonnen, %5 Konflikte (409), %6 andere Ablehnungen (gelesen %7)</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="270"/>
        <source>Driver %1 (#%2) — %3 won, %4 conflicts (409), %5 other refusals (read %6)</source>
        <translation>Fahrer %1 (#%2) — %3 gewonnen, %4 Konflikte (409), %5 andere Ablehnungen (gelesen %6)</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="287"/>
        <source>  now with %1</source>
        <translation>  jetzt bei %1</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="292"/>
        <source>Current orders (%1)</source>
        <translation>Aktuelle Aufträge (%1)</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="294"/>
        <source>Past orders (%1)</source>
        <translation>Frühere Aufträge (%1)</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorpages.cpp" line="296"/>
        <source>Recent claim attempts (newest first)</source>
        <translation>Letzte Zuweisungsversuche (neueste zuerst)</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorsession.cpp" line="67"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorsession.cpp" line="67"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message numerus="yes">
        <location filename="../model/inspector/inspectorsession.cpp" line="69"/>
        <source>(%n byte(s))</source>
        <translation>
            <numerusform>(%n Byte)</numerusform>
            <numerusform>(%n Byte)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorsession.cpp" line="250"/>
        <location filename="../model/inspector/inspectorsession.cpp" line="273"/>
        <source>The database is unavailable (%1).</source>
        <translation>Die Datenbank ist nicht erreichbar (%1).</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorsession.cpp" line="276"/>
        <source>This login may not read that (permission denied). Ask for the dispatch_support role.</source>
        <translation>Diese Anmeldung darf das nicht lesen (Zugriff verweigert). Fragen Sie nach der Rolle dispatch_support.</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorsession.cpp" line="279"/>
        <source>The search took longer than %1 s and was stopped. Make it more specific.</source>
        <translation>Die Suche dauerte länger als %1 s und wurde abgebrochen. Bitte genauer suchen.</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorsession.cpp" line="282"/>
        <source>The inspector is read-only: nothing was changed.</source>
        <translation>Der Inspektor ist nur lesend: es wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorsession.cpp" line="284"/>
        <source>The text contains characters the database cannot store or search.</source>
        <translation>Der Text enthält Zeichen, die die Datenbank weder speichern noch durchsuchen kann.</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorsession.cpp" line="285"/>
        <source>The database could not answer (%1).</source>
        <translation>Die Datenbank konnte nicht antworten (%1).</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorsession.cpp" line="351"/>
        <source>An order number must be a positive whole number.</source>
        <translation>Eine Auftragsnummer muss eine positive ganze Zahl sein.</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorsession.cpp" line="421"/>
        <source>A driver number must be a positive whole number.</source>
        <translation>Eine Fahrernummer muss eine positive ganze Zahl sein.</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorsession.cpp" line="443"/>
        <source>Driver</source>
        <translation>Fahrer</translation>
    </message>
</context>
<context>
    <name>InspectorSearchModel</name>
    <message>
        <location filename="../model/inspector/inspectorsearchmodel.cpp" line="41"/>
        <source>The search text is %1 characters long; at most %2 are searched. Shorten it to a name, an address or an order number.</source>
        <translation>Der Suchtext ist %1 Zeichen lang; durchsucht werden höchstens %2. Kürzen Sie ihn auf einen Namen, eine Adresse oder eine Auftragsnummer.</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorsearchmodel.cpp" line="49"/>
        <source>The search text contains characters that are not valid text.</source>
        <translation>Der Suchtext enthält Zeichen, die kein gültiger Text sind.</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorsearchmodel.cpp" line="96"/>
        <source>“%1” is not an order number: use digits only, at most %2.</source>
        <translation>„%1“ ist keine Auftragsnummer: nur Ziffern, höchstens %2.</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorsearchmodel.cpp" line="201"/>
        <source>There are no orders yet.</source>
        <translation>Es gibt noch keine Aufträge.</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorsearchmodel.cpp" line="202"/>
        <source>No order matches “%1”.</source>
        <translation>Kein Auftrag passt zu „%1“.</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorsearchmodel.cpp" line="279"/>
        <source>Order</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorsearchmodel.cpp" line="281"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorsearchmodel.cpp" line="283"/>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorsearchmodel.cpp" line="285"/>
        <source>Pickup</source>
        <translation>Abholung</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorsearchmodel.cpp" line="287"/>
        <source>Drop-off</source>
        <translation>Zustellung</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorsearchmodel.cpp" line="289"/>
        <source>Driver</source>
        <translation>Fahrer</translation>
    </message>
    <message>
        <location filename="../model/inspector/inspectorsearchmodel.cpp" line="291"/>
        <source>Updated</source>
        <translation>Geändert</translation>
    </message>
</context>
<context>
    <name>InspectorWindow</name>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="128"/>
        <source>WON</source>
        <translation>GEWONNEN</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="130"/>
        <source>LOST %1</source>
        <translation>VERLOREN %1</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="131"/>
        <source> — held by %1</source>
        <translation> — gehalten von %1</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="224"/>
        <source>now with %1</source>
        <translation>jetzt bei %1</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="274"/>
        <source>Support inspector — %1 (read-only)</source>
        <translation>Support-Inspektor — %1 (nur lesend)</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="280"/>
        <source>Order and driver pages</source>
        <translation>Auftrags- und Fahrerseiten</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="154"/>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="203"/>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="281"/>
        <source>Order</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="156"/>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="282"/>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="329"/>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="445"/>
        <source>Driver</source>
        <translation>Fahrer</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="294"/>
        <source>&amp;Copy page as text</source>
        <translation>Seite als Text &amp;kopieren</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="299"/>
        <source>&amp;Export history as CSV…</source>
        <translation>Verlauf als CSV &amp;exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="301"/>
        <source>&amp;Close</source>
        <translation>&amp;Schließen</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="304"/>
        <source>&amp;Page</source>
        <translation>&amp;Seite</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="325"/>
        <source>Anything</source>
        <translation>Alles</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="326"/>
        <source>Order number</source>
        <translation>Auftragsnummer</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="209"/>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="327"/>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="328"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="331"/>
        <source>Order number, customer, address or driver</source>
        <translation>Auftragsnummer, Kunde, Adresse oder Fahrer</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="333"/>
        <source>Search in</source>
        <translation>Suchen in</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="334"/>
        <source>Search text</source>
        <translation>Suchtext</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="335"/>
        <source>&amp;Search</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="343"/>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="351"/>
        <source>◀ Newer</source>
        <translation>◀ Neuere</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="352"/>
        <source>Older ▶</source>
        <translation>Ältere ▶</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="377"/>
        <source>Search for an order, or open one from the board.</source>
        <translation>Suchen Sie einen Auftrag oder öffnen Sie einen von der Tafel aus.</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="383"/>
        <source>Copy page as text</source>
        <translation>Seite als Text kopieren</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="384"/>
        <source>Export history CSV…</source>
        <translation>Verlauf als CSV exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="385"/>
        <source>Driver page</source>
        <translation>Fahrerseite</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="393"/>
        <source>Current row</source>
        <translation>Aktuelle Zeile</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="396"/>
        <source>Lifecycle (oldest first)</source>
        <translation>Verlauf (älteste zuerst)</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="409"/>
        <source>Claim attempts (oldest first)</source>
        <translation>Zuweisungsversuche (älteste zuerst)</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="558"/>
        <source>No order %1</source>
        <translation>Kein Auftrag %1</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="559"/>
        <source>Order %1 could not be read</source>
        <translation>Auftrag %1 konnte nicht gelesen werden</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="625"/>
        <source>No driver %1</source>
        <translation>Kein Fahrer %1</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="626"/>
        <source>Driver %1 could not be read</source>
        <translation>Fahrer %1 konnte nicht gelesen werden</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="150"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="160"/>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="164"/>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="166"/>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="172"/>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="176"/>
        <source>Result</source>
        <translation>Resultat</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="436"/>
        <source>Open a driver from an order page.</source>
        <translation>Öffnen Sie einen Fahrer von einer Auftragsseite aus.</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="448"/>
        <source>Current orders</source>
        <translation>Aktuelle Aufträge</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="205"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="213"/>
        <source>Drop-off</source>
        <translation>Zustellung</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="217"/>
        <source>Since</source>
        <translation>Seit</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="221"/>
        <source>Now</source>
        <translation>Jetzt</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="455"/>
        <source>Past orders</source>
        <translation>Frühere Aufträge</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="461"/>
        <source>Recent claim attempts (newest first)</source>
        <translation>Letzte Zuweisungsversuche (neueste zuerst)</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="507"/>
        <source>page %1 · %2 shown</source>
        <translation>Seite %1 · %2 angezeigt</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/inspector/inspectorwindow.cpp" line="510"/>
        <source>%n order(s) on this page.</source>
        <translation>
            <numerusform>%n Auftrag auf dieser Seite.</numerusform>
            <numerusform>%n Aufträge auf dieser Seite.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="560"/>
        <source>There is no order %1.</source>
        <translation>Es gibt keinen Auftrag %1.</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="566"/>
        <source>Order %1 — %2%3</source>
        <translation>Auftrag %1 — %2%3</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="569"/>
        <source>, with %1</source>
        <translation>, bei %1</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="577"/>
        <source>(unknown)</source>
        <translation>(unbekannt)</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="579"/>
        <source> · reason: %1</source>
        <translation> · Grund: %1</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="581"/>
        <source>transaction %1, %2</source>
        <translation>Transaktion %1, %2</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="590"/>
        <source>… only the first %1 events are shown</source>
        <translation>… nur die ersten %1 Ereignisse werden angezeigt</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="593"/>
        <source>%1 attempt(s): %2 won (200), %3 lost with 409 conflict, %4 other</source>
        <translation>%1 Versuch(e): %2 gewonnen (200), %3 verloren mit 409-Konflikt, %4 andere</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="602"/>
        <source>⚠ Won %1 times: this order was assigned more than once — check the lifecycle for the release between the wins. </source>
        <translation>⚠ %1-mal gewonnen: dieser Auftrag wurde mehr als einmal zugewiesen — prüfen Sie im Verlauf die Freigabe zwischen den Gewinnen. </translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="609"/>
        <source>Order %1 read at %2 (read-only).</source>
        <translation>Auftrag %1 gelesen um %2 (nur lesend).</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="627"/>
        <source>There is no driver %1.</source>
        <translation>Es gibt keinen Fahrer %1.</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="635"/>
        <source>%1 — of the last %2 attempts: %3 won, %4 conflicts (409), %5 other refusals</source>
        <translation>%1 — von den letzten %2 Versuchen: %3 gewonnen, %4 Konflikte (409), %5 andere Ablehnungen</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="641"/>
        <source>%1 — %2 won, %3 conflicts (409), %4 other refusals</source>
        <translation>%1 — %2 gewonnen, %3 Konflikte (409), %4 andere Ablehnungen</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="650"/>
        <source>Driver %1 read at %2 (read-only).</source>
        <translation>Fahrer %1 gelesen um %2 (nur lesend).</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="669"/>
        <source>Page copied as text.</source>
        <translation>Seite als Text kopiert.</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="694"/>
        <source>Export order history</source>
        <translation>Auftragsverlauf exportieren</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="695"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="700"/>
        <source>History of order %1 written to %2.</source>
        <translation>Verlauf von Auftrag %1 nach %2 geschrieben.</translation>
    </message>
    <message>
        <location filename="../ui/inspector/inspectorwindow.cpp" line="702"/>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>LateOrderWatch</name>
    <message>
        <location filename="../model/board/lateorderwatch.cpp" line="52"/>
        <source>Order %1 for %2 (with %3) is late: promised for %4.</source>
        <translation>Auftrag %1 für %2 (bei %3) ist verspätet: zugesagt für %4.</translation>
    </message>
    <message numerus="yes">
        <location filename="../model/board/lateorderwatch.cpp" line="60"/>
        <source>%n order(s) are late: %1.</source>
        <translation>
            <numerusform>%n Auftrag ist verspätet: %1.</numerusform>
            <numerusform>%n Aufträge sind verspätet: %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ListenerWorker</name>
    <message>
        <location filename="../model/board/orderchangelistener.cpp" line="187"/>
        <source>the connection was closed</source>
        <translation>die Verbindung wurde geschlossen</translation>
    </message>
    <message>
        <location filename="../model/board/orderchangelistener.cpp" line="221"/>
        <source>the change listener&apos;s connection goes through a connection pooler (such as PgBouncer), where LISTEN has no server session of its own: connect it to the server itself with --listen-database</source>
        <translation>die Verbindung des Änderungs-Listeners läuft über einen Verbindungs-Pooler (etwa PgBouncer), wo LISTEN keine eigene Serversitzung hat: verbinden Sie ihn mit --listen-database direkt mit dem Server</translation>
    </message>
</context>
<context>
    <name>LocalPostgres</name>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="273"/>
        <source>PostgreSQL server programs (initdb, pg_ctl) were not found. Install the Debian package &quot;postgresql&quot; (apt-get install postgresql), or pass --database URL to use an existing server.</source>
        <translation>Die PostgreSQL-Serverprogramme (initdb, pg_ctl) wurden nicht gefunden. Installieren Sie das Debian-Paket &quot;postgresql&quot; (apt-get install postgresql) oder geben Sie mit --database URL einen vorhandenen Server an.</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="280"/>
        <source>Running as root, the server must run as the &quot;postgres&quot; account, which does not exist. Install the &quot;postgresql&quot; package or run as an ordinary user.</source>
        <translation>Als root muss der Server unter dem Konto &quot;postgres&quot; laufen, das es nicht gibt. Installieren Sie das Paket &quot;postgresql&quot; oder starten Sie als normaler Benutzer.</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="302"/>
        <source>The local PostgreSQL server in %1 did not start: %2</source>
        <translation>Der lokale PostgreSQL-Server in %1 ist nicht gestartet: %2</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="403"/>
        <location filename="../model/db/localpostgres.cpp" line="408"/>
        <source>The data directory %1 cannot be created or written.</source>
        <translation>Das Datenverzeichnis %1 kann nicht angelegt oder beschrieben werden.</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="327"/>
        <source>The data directory path %1 is too long for a Unix socket; choose a shorter --data-dir.</source>
        <translation>Der Pfad des Datenverzeichnisses %1 ist für einen Unix-Socket zu lang; wählen Sie ein kürzeres --data-dir.</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="114"/>
        <source>a quote (&apos;)</source>
        <translation>ein einfaches Anführungszeichen (&apos;)</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="116"/>
        <source>a double quote (&quot;)</source>
        <translation>ein doppeltes Anführungszeichen (&quot;)</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="118"/>
        <source>a comma</source>
        <translation>ein Komma</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="120"/>
        <source>a backslash</source>
        <translation>einen Backslash</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="122"/>
        <source>a line break</source>
        <translation>einen Zeilenumbruch</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="124"/>
        <source>a control character (U+%1)</source>
        <translation>ein Steuerzeichen (U+%1)</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="250"/>
        <source>Cannot prepare the login %1 on the local server: %2</source>
        <translation>Die Anmeldung %1 kann auf dem lokalen Server nicht eingerichtet werden: %2</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="317"/>
        <source>The data directory path %1 contains %2, which PostgreSQL&apos;s configuration cannot hold; choose a --data-dir without quotes, commas, backslashes or control characters.</source>
        <translation>Der Pfad des Datenverzeichnisses %1 enthält %2, was die Konfiguration von PostgreSQL nicht aufnehmen kann; wählen Sie ein --data-dir ohne Anführungszeichen, Kommas, Backslashes oder Steuerzeichen.</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="341"/>
        <source>The postgres account cannot reach %1: it or a directory above it is closed to that account. Give them search permission for others (chmod o+x), or choose a --data-dir under /var/lib.</source>
        <translation>Das Konto postgres kommt nicht an %1 heran: es selbst oder ein übergeordnetes Verzeichnis ist für dieses Konto gesperrt. Geben Sie ihnen das Durchsuchrecht für andere (chmod o+x) oder wählen Sie ein --data-dir unter /var/lib.</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="357"/>
        <source>The data directory %1 cannot be written.</source>
        <translation>Das Datenverzeichnis %1 kann nicht beschrieben werden.</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="361"/>
        <source>Cannot lock %1.</source>
        <translation>%1 kann nicht gesperrt werden.</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="383"/>
        <source>The data directory %1 cannot be used: it must be a directory below /.</source>
        <translation>Das Datenverzeichnis %1 ist nicht verwendbar: es muss ein Verzeichnis unterhalb von / sein.</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="396"/>
        <location filename="../model/db/localpostgres.cpp" line="436"/>
        <source>The data directory %1 cannot be reached (at %2).</source>
        <translation>Das Datenverzeichnis %1 ist nicht erreichbar (bei %2).</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="415"/>
        <source>The data directory %1 is a symbolic link; give the directory itself as --data-dir.</source>
        <translation>Das Datenverzeichnis %1 ist ein symbolischer Link; geben Sie das Verzeichnis selbst als --data-dir an.</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="422"/>
        <source>%1, above the data directory, is a symbolic link owned by another user (uid %2); choose another --data-dir.</source>
        <translation>%1, oberhalb des Datenverzeichnisses, ist ein symbolischer Link, der einem anderen Benutzer gehört (uid %2); wählen Sie ein anderes --data-dir.</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="433"/>
        <source>The data directory %1 cannot be used: %2 is not a directory.</source>
        <translation>Das Datenverzeichnis %1 ist nicht verwendbar: %2 ist kein Verzeichnis.</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="442"/>
        <source>The data directory %1 belongs to another user (uid %2); use a directory that belongs to you or to root.</source>
        <translation>Das Datenverzeichnis %1 gehört einem anderen Benutzer (uid %2); verwenden Sie ein Verzeichnis, das Ihnen oder root gehört.</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="449"/>
        <source>The data directory %1 can be written by other users (mode %2); run chmod go-w on it, or choose another --data-dir.</source>
        <translation>Das Datenverzeichnis %1 ist für andere Benutzer beschreibbar (Modus %2); führen Sie chmod go-w darauf aus oder wählen Sie ein anderes --data-dir.</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="456"/>
        <source>%1, above the data directory, can be written by other users (mode %2), who could swap the data directory; choose a --data-dir below directories only you or root can write.</source>
        <translation>%1, oberhalb des Datenverzeichnisses, ist für andere Benutzer beschreibbar (Modus %2), die das Datenverzeichnis austauschen könnten; wählen Sie ein --data-dir unterhalb von Verzeichnissen, die nur Sie oder root beschreiben können.</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="461"/>
        <source>%1, above the data directory, belongs to another user (uid %2), who could swap the data directory; choose a --data-dir below directories that belong to you or to root.</source>
        <translation>%1, oberhalb des Datenverzeichnisses, gehört einem anderen Benutzer (uid %2), der das Datenverzeichnis austauschen könnte; wählen Sie ein --data-dir unterhalb von Verzeichnissen, die Ihnen oder root gehören.</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="491"/>
        <source>Cannot read %1.</source>
        <translation>%1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="495"/>
        <source>%1 is a symbolic link; the data directory may hold no links. Remove it, or choose another --data-dir.</source>
        <translation>%1 ist ein symbolischer Link; das Datenverzeichnis darf keine Links enthalten. Entfernen Sie ihn oder wählen Sie ein anderes --data-dir.</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="501"/>
        <source>%1 is not a directory.</source>
        <translation>%1 ist kein Verzeichnis.</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="502"/>
        <source>%1 is not a regular file.</source>
        <translation>%1 ist keine reguläre Datei.</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="506"/>
        <source>%1 belongs to another user (uid %2); choose another --data-dir.</source>
        <translation>%1 gehört einem anderen Benutzer (uid %2); wählen Sie ein anderes --data-dir.</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="519"/>
        <source>Cannot create %1.</source>
        <translation>%1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="524"/>
        <source>%1 is not a directory; the data directory may hold no links.</source>
        <translation>%1 ist kein Verzeichnis; das Datenverzeichnis darf keine Links enthalten.</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="527"/>
        <source>Cannot open %1.</source>
        <translation>%1 kann nicht geöffnet werden.</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="531"/>
        <source>Cannot protect %1.</source>
        <translation>Die Zugriffsrechte von %1 können nicht eingeschränkt werden.</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="536"/>
        <source>Cannot hand %1 to the postgres account.</source>
        <translation>%1 kann nicht an das Konto postgres übergeben werden.</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="574"/>
        <source>initdb failed in %1: %2</source>
        <translation>initdb ist in %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="603"/>
        <source>Cannot write %1.</source>
        <translation>%1 kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="642"/>
        <source>The local server started but refused us: %1</source>
        <translation>Der lokale Server ist gestartet, hat uns aber abgewiesen: %1</translation>
    </message>
    <message>
        <location filename="../model/db/localpostgres.cpp" line="707"/>
        <source>%1 did not finish in time</source>
        <translation>%1 wurde nicht rechtzeitig fertig</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/console/assignmentcontroller.cpp" line="23"/>
        <source>assign</source>
        <translation>zuweisen</translation>
    </message>
    <message>
        <location filename="../ui/console/assignmentcontroller.cpp" line="25"/>
        <source>unassign</source>
        <translation>freigeben</translation>
    </message>
    <message>
        <location filename="../ui/console/assignmentcontroller.cpp" line="27"/>
        <source>hold</source>
        <translation>reservieren</translation>
    </message>
    <message>
        <location filename="../ui/console/assignmentcontroller.cpp" line="29"/>
        <source>reassign</source>
        <translation>umvergeben</translation>
    </message>
    <message>
        <location filename="../ui/console/assignmentcontroller.cpp" line="31"/>
        <source>delivery step</source>
        <translation>Zustellschritt</translation>
    </message>
    <message>
        <location filename="../ui/console/assignmentcontroller.cpp" line="33"/>
        <source>cancel</source>
        <translation>stornieren</translation>
    </message>
    <message>
        <location filename="../ui/console/assignmentcontroller.cpp" line="35"/>
        <source>shift</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <location filename="../ui/console/assignmentcontroller.cpp" line="95"/>
        <source>undone by dispatcher</source>
        <translation>vom Disponenten rückgängig gemacht</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/console/assignmentcontroller.cpp" line="96"/>
        <source>Undoing %n assignment(s)…</source>
        <translation>
            <numerusform>%n Zuweisung wird rückgängig gemacht…</numerusform>
            <numerusform>%n Zuweisungen werden rückgängig gemacht…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="59"/>
        <source>Dispatch Console</source>
        <translation>Dispatch Console</translation>
    </message>
    <message>
        <location filename="../ui/console/outcomebanner.cpp" line="33"/>
        <source>Last outcome</source>
        <translation>Letztes Ergebnis</translation>
    </message>
    <message>
        <location filename="../ui/console/outcomebanner.cpp" line="37"/>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../ui/console/outcomebanner.cpp" line="38"/>
        <source>Dismiss message</source>
        <translation>Meldung schließen</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="80"/>
        <source>Console workspaces</source>
        <translation>Arbeitsbereiche der Konsole</translation>
    </message>
    <message>
        <location filename="../ui/console/boardpanel.cpp" line="64"/>
        <source>Filter by order number, customer or address (Ctrl+F)</source>
        <translation>Nach Auftragsnummer, Kunde oder Adresse filtern (Strg+F)</translation>
    </message>
    <message>
        <location filename="../ui/console/boardpanel.cpp" line="66"/>
        <source>Filter the ready board</source>
        <translation>Bereit-Tafel filtern</translation>
    </message>
    <message>
        <location filename="../ui/console/boardpanel.cpp" line="71"/>
        <source>Ready orders count</source>
        <translation>Anzahl bereiter Aufträge</translation>
    </message>
    <message>
        <location filename="../ui/console/boardpanel.cpp" line="48"/>
        <source>Ready orders</source>
        <translation>Bereite Aufträge</translation>
    </message>
    <message>
        <location filename="../ui/console/boardpanel.cpp" line="91"/>
        <source>Enter or double-click assigns the selected orders to the selected driver; drag orders onto a driver; H holds for 30 s</source>
        <translation>Eingabe oder Doppelklick weist die gewählten Aufträge dem gewählten Fahrer zu; Aufträge auf einen Fahrer ziehen; H reserviert für 30 s</translation>
    </message>
    <message>
        <location filename="../ui/console/boardpanel.cpp" line="107"/>
        <source>Drivers</source>
        <translation>Fahrer</translation>
    </message>
    <message>
        <location filename="../ui/console/boardpanel.cpp" line="127"/>
        <source>Suggested driver</source>
        <translation>Vorgeschlagener Fahrer</translation>
    </message>
    <message>
        <location filename="../ui/console/boardpanel.cpp" line="169"/>
        <source>&amp;Ready (%1 of %2)</source>
        <translation>&amp;Bereit (%1 von %2)</translation>
    </message>
    <message>
        <location filename="../ui/console/boardpanel.cpp" line="200"/>
        <source>&amp;Assign to driver</source>
        <translation>&amp;Fahrer zuweisen</translation>
    </message>
    <message>
        <location filename="../ui/console/boardpanel.cpp" line="121"/>
        <source>Claim the selected orders for the selected driver (Enter)</source>
        <translation>Die gewählten Aufträge für den gewählten Fahrer übernehmen (Eingabe)</translation>
    </message>
    <message>
        <location filename="../ui/console/boardpanel.cpp" line="122"/>
        <source>Assign selected orders to the selected driver</source>
        <translation>Gewählte Aufträge dem gewählten Fahrer zuweisen</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="82"/>
        <source>&amp;Ready</source>
        <translation>&amp;Bereit</translation>
    </message>
    <message>
        <location filename="../ui/console/assignedpanel.cpp" line="71"/>
        <source>Filter by order number, driver, customer or address (Esc clears)</source>
        <translation>Nach Auftragsnummer, Fahrer, Kunde oder Adresse filtern (Esc leert)</translation>
    </message>
    <message>
        <location filename="../ui/console/assignedpanel.cpp" line="73"/>
        <source>Filter the assigned orders</source>
        <translation>Zugewiesene Aufträge filtern</translation>
    </message>
    <message>
        <location filename="../ui/console/assignedpanel.cpp" line="82"/>
        <source>Assigned orders</source>
        <translation>Zugewiesene Aufträge</translation>
    </message>
    <message>
        <location filename="../ui/console/assignedpanel.cpp" line="96"/>
        <source>&amp;Unassign (back to the board)</source>
        <translation>&amp;Freigeben (zurück auf die Tafel)</translation>
    </message>
    <message>
        <location filename="../ui/console/assignedpanel.cpp" line="97"/>
        <source>Re&amp;assign…</source>
        <translation>&amp;Umvergeben…</translation>
    </message>
    <message>
        <location filename="../ui/console/assignedpanel.cpp" line="133"/>
        <source>Assi&amp;gned (%1)</source>
        <translation>&amp;Zugewiesen (%1)</translation>
    </message>
    <message>
        <location filename="../ui/console/assignedpanel.cpp" line="134"/>
        <source>Assi&amp;gned (%1 of %2)</source>
        <translation>&amp;Zugewiesen (%1 von %2)</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="84"/>
        <source>Assi&amp;gned</source>
        <translation>&amp;Zugewiesen</translation>
    </message>
    <message>
        <location filename="../app/lib/consolesession.cpp" line="135"/>
        <source>&amp;Simulation</source>
        <translation>&amp;Simulation</translation>
    </message>
    <message>
        <location filename="../ui/console/outcomelogdock.cpp" line="31"/>
        <location filename="../ui/console/outcomelogdock.cpp" line="35"/>
        <source>Outcome log</source>
        <translation>Ergebnisprotokoll</translation>
    </message>
    <message>
        <location filename="../ui/console/outcomelogdock.cpp" line="39"/>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <location filename="../ui/console/outcomelogdock.cpp" line="53"/>
        <location filename="../ui/console/outcomelogdock.cpp" line="81"/>
        <source>Show the whole outcome log</source>
        <translation>Das ganze Ergebnisprotokoll anzeigen</translation>
    </message>
    <message>
        <location filename="../ui/console/outcomelogdock.cpp" line="55"/>
        <source>Latest outcome</source>
        <translation>Neuestes Ergebnis</translation>
    </message>
    <message>
        <location filename="../ui/console/outcomelogdock.cpp" line="80"/>
        <source>▸ Log</source>
        <translation>▸ Protokoll</translation>
    </message>
    <message>
        <location filename="../ui/console/outcomelogdock.cpp" line="80"/>
        <source>▾ Log</source>
        <translation>▾ Protokoll</translation>
    </message>
    <message>
        <location filename="../ui/console/outcomelogdock.cpp" line="82"/>
        <source>Show one line only</source>
        <translation>Nur eine Zeile anzeigen</translation>
    </message>
    <message>
        <location filename="../ui/console/outcomelogdock.cpp" line="98"/>
        <source>No outcomes yet.</source>
        <translation>Noch keine Ergebnisse.</translation>
    </message>
    <message>
        <location filename="../ui/console/outcomelogdock.cpp" line="104"/>
        <source>%1 · order %2 · %3</source>
        <translation>%1 · Auftrag %2 · %3</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="111"/>
        <source>Connection state</source>
        <translation>Verbindungsstatus</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="114"/>
        <source>Driver API state</source>
        <translation>Status der Fahrer-API</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="187"/>
        <source>Live updates are off: %1. The board refreshes every second meanwhile.</source>
        <translation>Live-Aktualisierungen sind aus: %1. Die Tafel wird bis dahin jede Sekunde neu gelesen.</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="193"/>
        <source>connecting…</source>
        <translation>verbinde…</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="195"/>
        <source>no listener</source>
        <translation>kein Listener</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="241"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="242"/>
        <source>&amp;Connect to database…</source>
        <translation>Mit Datenbank &amp;verbinden…</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="257"/>
        <source>Export &amp;board as CSV…</source>
        <translation>&amp;Tafel als CSV exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="259"/>
        <source>Export board</source>
        <translation>Tafel exportieren</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="260"/>
        <source>Export outcome &amp;log as CSV…</source>
        <translation>Ergebnis&amp;protokoll als CSV exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="262"/>
        <source>Export outcome log</source>
        <translation>Ergebnisprotokoll exportieren</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="265"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="269"/>
        <source>&amp;Orders</source>
        <translation>Auf&amp;träge</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="270"/>
        <source>&amp;Assign to selected driver</source>
        <translation>Dem gewählten Fahrer &amp;zuweisen</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="273"/>
        <source>Assign to the &amp;suggested driver</source>
        <translation>Dem &amp;vorgeschlagenen Fahrer zuweisen</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="277"/>
        <source>&amp;Hold for 30 s</source>
        <translation>30 s &amp;reservieren</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="281"/>
        <source>&amp;Undo the last assignment</source>
        <translation>&amp;Letzte Zuweisung rückgängig machen</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="285"/>
        <source>&amp;Inspect order…</source>
        <translation>Auftrag &amp;untersuchen…</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="295"/>
        <source>Inspect order</source>
        <translation>Auftrag untersuchen</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="296"/>
        <source>No order is selected. Order number to inspect:</source>
        <translation>Kein Auftrag ausgewählt. Zu untersuchende Auftragsnummer:</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="303"/>
        <source>&amp;Find any order…</source>
        <translation>&amp;Beliebigen Auftrag suchen…</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="308"/>
        <source>Driver &amp;API</source>
        <translation>Fahrer-&amp;API</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="309"/>
        <source>&amp;Serve the driver API…</source>
        <translation>Fahrer-API &amp;bereitstellen…</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="312"/>
        <source>POST /api/driver/orders/{id}/assign for driver apps (bearer tokens)</source>
        <translation>POST /api/driver/orders/{id}/assign für Fahrer-Apps (Bearer-Tokens)</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="320"/>
        <source>Serve the driver API</source>
        <translation>Fahrer-API bereitstellen</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="321"/>
        <source>Listen on (host:port; loopback unless you mean otherwise):</source>
        <translation>Lauschen auf (host:port; Loopback, sofern nicht ausdrücklich anders gewollt):</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="334"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="337"/>
        <source>&amp;Filter the board</source>
        <translation>Tafel &amp;filtern</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="348"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="351"/>
        <source>&amp;Hide inactive drivers</source>
        <translation>Inaktive Fahrer &amp;ausblenden</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="360"/>
        <source>&amp;Sound when an order becomes late</source>
        <translation>&amp;Ton, wenn ein Auftrag sich verspätet</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="366"/>
        <source>&amp;Overdue limit…</source>
        <translation>&amp;Überfällig-Grenze…</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="370"/>
        <source>Overdue limit</source>
        <translation>Überfällig-Grenze</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="371"/>
        <source>Orders waiting longer than this many minutes turn amber, twice as long red:</source>
        <translation>Aufträge, die länger als so viele Minuten warten, werden gelb, doppelt so lange rot:</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="399"/>
        <source>Could not read the board; retrying.</source>
        <translation>Die Tafel konnte nicht gelesen werden; neuer Versuch läuft.</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="433"/>
        <source>● Not live (needs --listen-database) — refreshing every second</source>
        <translation>● Nicht live (braucht --listen-database) — Aktualisierung jede Sekunde</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="449"/>
        <source>Nothing to undo: no assignment has finished since the last undo.</source>
        <translation>Nichts rückgängig zu machen: seit dem letzten Rückgängigmachen wurde keine Zuweisung abgeschlossen.</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="501"/>
        <source>An order is late</source>
        <translation>Ein Auftrag ist verspätet</translation>
    </message>
    <message>
        <location filename="../ui/console/boardpanel.cpp" line="177"/>
        <source>%1+ ready</source>
        <translation>%1+ bereit</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/console/boardpanel.cpp" line="178"/>
        <source>%n ready</source>
        <translation>
            <numerusform>%n bereit</numerusform>
            <numerusform>%n bereit</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/console/boardpanel.cpp" line="170"/>
        <source>&amp;Ready (%1)</source>
        <translation>&amp;Bereit (%1)</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="423"/>
        <source>● Live</source>
        <translation>● Live</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="425"/>
        <source>Changes by any client appear within a moment</source>
        <translation>Änderungen jedes Clients erscheinen nach einem Augenblick</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="435"/>
        <source>● Reconnecting — refreshing every second</source>
        <translation>● Verbinde neu — Abfrage jede Sekunde</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="437"/>
        <source>Live updates are lost: %1</source>
        <translation>Live-Aktualisierung unterbrochen: %1</translation>
    </message>
    <message>
        <location filename="../ui/console/boardpanel.cpp" line="279"/>
        <source>Select one or more orders on the board and a driver on the right, then press Enter.</source>
        <translation>Wählen Sie einen oder mehrere Aufträge auf der Tafel und rechts einen Fahrer, dann drücken Sie die Eingabetaste.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/console/assignmentcontroller.cpp" line="67"/>
        <source>Assigning %n order(s)…</source>
        <translation>
            <numerusform>Weise %n Auftrag zu…</numerusform>
            <numerusform>Weise %n Aufträge zu…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/console/assignedpanel.cpp" line="153"/>
        <location filename="../ui/console/assignedpanel.cpp" line="175"/>
        <source>Select an assigned order first.</source>
        <translation>Wählen Sie zuerst einen zugewiesenen Auftrag.</translation>
    </message>
    <message>
        <location filename="../ui/console/assignedpanel.cpp" line="161"/>
        <source>Unassign order</source>
        <translation>Zuweisung aufheben</translation>
    </message>
    <message>
        <location filename="../ui/console/assignedpanel.cpp" line="162"/>
        <source>Take order %1 from %2 and put it back on the ready board?</source>
        <translation>Auftrag %1 von %2 zurücknehmen und wieder auf die Tafel der bereiten Aufträge legen?</translation>
    </message>
    <message>
        <location filename="../ui/console/assignedpanel.cpp" line="168"/>
        <source>unassigned by dispatcher</source>
        <translation>vom Disponenten freigegeben</translation>
    </message>
    <message>
        <location filename="../ui/console/boardpanel.cpp" line="202"/>
        <source>&amp;Assign to %1</source>
        <translation>&amp;Fahrer %1 zuweisen</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/console/boardpanel.cpp" line="204"/>
        <source>&amp;Assign %n order(s) to %1</source>
        <translation>
            <numerusform>%n Auftrag &amp;Fahrer %1 zuweisen</numerusform>
            <numerusform>%n Aufträge &amp;Fahrer %1 zuweisen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/console/boardpanel.cpp" line="211"/>
        <source>No driver can take an order now: every one is off shift, at capacity or inactive.</source>
        <translation>Kein Fahrer kann jetzt einen Auftrag übernehmen: alle sind außer Dienst, ausgelastet oder inaktiv.</translation>
    </message>
    <message>
        <location filename="../ui/console/boardpanel.cpp" line="225"/>
        <source>Suggested: %1 (%2). Ctrl+Shift+Enter assigns to them.</source>
        <translation>Vorschlag: %1 (%2). Strg+Umschalt+Eingabe weist ihm zu.</translation>
    </message>
    <message>
        <location filename="../ui/console/boardpanel.cpp" line="230"/>
        <source>Best first, by load, room left and when the app was last seen:
%1</source>
        <translation>Der Beste zuerst, nach Auslastung, freier Kapazität und wann die App zuletzt gesehen wurde:
%1</translation>
    </message>
    <message>
        <location filename="../ui/console/boardpanel.cpp" line="239"/>
        <source>Select one or more orders on the board first.</source>
        <translation>Wählen Sie zuerst einen oder mehrere Aufträge auf der Tafel aus.</translation>
    </message>
    <message>
        <location filename="../ui/console/boardpanel.cpp" line="294"/>
        <source>Assign to %1</source>
        <translation>An %1 zuweisen</translation>
    </message>
    <message>
        <location filename="../ui/console/boardpanel.cpp" line="296"/>
        <source>Assign to</source>
        <translation>Zuweisen an</translation>
    </message>
    <message>
        <location filename="../ui/console/boardpanel.cpp" line="304"/>
        <source>Hold for 30 s</source>
        <translation>30 s reservieren</translation>
    </message>
    <message>
        <location filename="../ui/console/boardpanel.cpp" line="306"/>
        <source>Inspect order %1…</source>
        <translation>Auftrag %1 untersuchen…</translation>
    </message>
    <message>
        <location filename="../ui/console/boardpanel.cpp" line="308"/>
        <source>Copy order numbers</source>
        <translation>Auftragsnummern kopieren</translation>
    </message>
    <message>
        <location filename="../ui/console/boardpanel.cpp" line="327"/>
        <source>%1 is inactive and cannot be given orders; choose an active driver.</source>
        <translation>%1 ist inaktiv und kann keine Aufträge erhalten; wählen Sie einen aktiven Fahrer.</translation>
    </message>
    <message>
        <location filename="../ui/console/assignmentcontroller.cpp" line="136"/>
        <source>%1 of %2 orders assigned.</source>
        <translation>%1 von %2 Aufträgen zugewiesen.</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="540"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="545"/>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../ui/console/mainwindow.cpp" line="550"/>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <location filename="../app/lib/consolesession.cpp" line="175"/>
        <source>API %1 · %2 requests · %3 conflicts</source>
        <translation>API %1 · %2 Anfragen · %3 Konflikte</translation>
    </message>
    <message>
        <location filename="../app/lib/consolesession.cpp" line="195"/>
        <source>&quot;%1&quot; is not host:port (for example 127.0.0.1:8080).</source>
        <translation>„%1“ ist nicht host:port (zum Beispiel 127.0.0.1:8080).</translation>
    </message>
    <message>
        <location filename="../app/lib/consolesession.cpp" line="207"/>
        <source>The driver API did not start: %1</source>
        <translation>Die Fahrer-API ist nicht gestartet: %1</translation>
    </message>
    <message>
        <location filename="../app/lib/consolesession.cpp" line="214"/>
        <source>API %1</source>
        <translation>API %1</translation>
    </message>
    <message>
        <location filename="../app/lib/consolesession.cpp" line="310"/>
        <source>Cannot connect to %1: %2</source>
        <translation>Keine Verbindung zu %1: %2</translation>
    </message>
</context>
<context>
    <name>Migrator</name>
    <message>
        <location filename="../model/db/migrator.cpp" line="67"/>
        <source>This database was migrated by another build: it never applied migration %1 but records version %2. Nothing was changed; use a database made by this version of dispatch-console.</source>
        <translation>Diese Datenbank wurde von einem anderen Build migriert: Migration %1 wurde nie angewendet, aber Version %2 ist eingetragen. Es wurde nichts geändert; verwenden Sie eine Datenbank, die mit dieser Version von dispatch-console angelegt wurde.</translation>
    </message>
    <message>
        <location filename="../model/db/migrator.cpp" line="76"/>
        <source>This database was migrated by another build: its migration %1 is &quot;%2&quot;, this console&apos;s is &quot;%3&quot;. Nothing was changed; use a database made by this version of dispatch-console.</source>
        <translation>Diese Datenbank wurde von einem anderen Build migriert: ihre Migration %1 ist „%2“, die dieser Konsole „%3“. Es wurde nichts geändert; verwenden Sie eine Datenbank, die mit dieser Version von dispatch-console angelegt wurde.</translation>
    </message>
    <message>
        <location filename="../model/db/migrator.cpp" line="126"/>
        <source>not a PostgreSQL connection (%1)</source>
        <translation>keine PostgreSQL-Verbindung (%1)</translation>
    </message>
    <message>
        <location filename="../model/db/migrator.cpp" line="130"/>
        <source>not connected</source>
        <translation>nicht verbunden</translation>
    </message>
    <message>
        <location filename="../model/db/migrator.cpp" line="213"/>
        <source>Could not start the migration: %1</source>
        <translation>Die Migration konnte nicht beginnen: %1</translation>
    </message>
    <message>
        <location filename="../model/db/migrator.cpp" line="219"/>
        <source>The database schema must be brought to version %1 and this login may not change it. Run &quot;dispatch-console --migrate-only&quot; once as the database&apos;s owner.</source>
        <translation>Das Datenbankschema muss auf Version %1 gebracht werden, und diese Anmeldung darf es nicht ändern. Führen Sie einmal „dispatch-console --migrate-only“ als Eigentümer der Datenbank aus.</translation>
    </message>
    <message>
        <location filename="../model/db/migrator.cpp" line="231"/>
        <location filename="../model/db/migrator.cpp" line="238"/>
        <location filename="../model/db/migrator.cpp" line="247"/>
        <location filename="../model/db/migrator.cpp" line="249"/>
        <location filename="../model/db/migrator.cpp" line="283"/>
        <source>Could not prepare the migration</source>
        <translation>Die Migration konnte nicht vorbereitet werden</translation>
    </message>
    <message>
        <location filename="../model/db/migrator.cpp" line="243"/>
        <source>Could not take the migration lock</source>
        <translation>Die Migrationssperre konnte nicht gesetzt werden</translation>
    </message>
    <message>
        <location filename="../model/db/migrator.cpp" line="254"/>
        <source>Could not create schema_migrations</source>
        <translation>schema_migrations konnte nicht angelegt werden</translation>
    </message>
    <message>
        <location filename="../model/db/migrator.cpp" line="257"/>
        <source>Could not read the schema version</source>
        <translation>Die Schemaversion konnte nicht gelesen werden</translation>
    </message>
    <message>
        <location filename="../model/db/migrator.cpp" line="266"/>
        <source>The database schema is version %1, newer than this console understands (%2). Use a newer dispatch-console; nothing was changed.</source>
        <translation>Das Datenbankschema hat Version %1 und ist neuer, als diese Konsole versteht (%2). Verwenden Sie eine neuere dispatch-console; es wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../model/db/migrator.cpp" line="278"/>
        <source>Migration %1 is missing from this build.</source>
        <translation>Migration %1 fehlt in diesem Build.</translation>
    </message>
    <message>
        <location filename="../model/db/migrator.cpp" line="288"/>
        <source>Migration %1 failed; nothing was changed: %2</source>
        <translation>Migration %1 ist fehlgeschlagen; es wurde nichts geändert: %2</translation>
    </message>
    <message>
        <location filename="../model/db/migrator.cpp" line="293"/>
        <location filename="../model/db/migrator.cpp" line="299"/>
        <source>Could not record migration %1</source>
        <translation>Migration %1 konnte nicht vermerkt werden</translation>
    </message>
    <message>
        <location filename="../model/db/migrator.cpp" line="304"/>
        <source>Could not commit the migration: %1</source>
        <translation>Die Migration konnte nicht abgeschlossen werden: %1</translation>
    </message>
</context>
<context>
    <name>OrderDetails</name>
    <message>
        <location filename="../model/board/orderdetails.cpp" line="50"/>
        <source>The order&apos;s details could not be read: %1</source>
        <translation>Die Details des Auftrags konnten nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>OrderDetailsDock</name>
    <message>
        <location filename="../ui/console/orderdetailsdock.cpp" line="22"/>
        <source>Order details</source>
        <translation>Auftragsdetails</translation>
    </message>
    <message>
        <location filename="../ui/console/orderdetailsdock.cpp" line="37"/>
        <location filename="../ui/console/orderdetailsdock.cpp" line="43"/>
        <location filename="../ui/console/orderdetailsdock.cpp" line="100"/>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location filename="../ui/console/orderdetailsdock.cpp" line="38"/>
        <location filename="../ui/console/orderdetailsdock.cpp" line="44"/>
        <location filename="../ui/console/orderdetailsdock.cpp" line="100"/>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <location filename="../ui/console/orderdetailsdock.cpp" line="39"/>
        <location filename="../ui/console/orderdetailsdock.cpp" line="45"/>
        <location filename="../ui/console/orderdetailsdock.cpp" line="100"/>
        <source>Drop-off</source>
        <translation>Zustellung</translation>
    </message>
    <message>
        <location filename="../ui/console/orderdetailsdock.cpp" line="40"/>
        <source>Promised for</source>
        <translation>Zugesagt für</translation>
    </message>
    <message>
        <location filename="../ui/console/orderdetailsdock.cpp" line="41"/>
        <location filename="../ui/console/orderdetailsdock.cpp" line="47"/>
        <location filename="../ui/console/orderdetailsdock.cpp" line="101"/>
        <source>Items</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <location filename="../ui/console/orderdetailsdock.cpp" line="42"/>
        <location filename="../ui/console/orderdetailsdock.cpp" line="48"/>
        <location filename="../ui/console/orderdetailsdock.cpp" line="101"/>
        <source>Notes</source>
        <translation>Hinweise</translation>
    </message>
    <message>
        <location filename="../ui/console/orderdetailsdock.cpp" line="46"/>
        <location filename="../ui/console/orderdetailsdock.cpp" line="101"/>
        <source>Promised</source>
        <translation>Zugesagt</translation>
    </message>
    <message>
        <location filename="../ui/console/orderdetailsdock.cpp" line="71"/>
        <source>Select an order to see its customer, phone, items and notes.</source>
        <translation>Wählen Sie einen Auftrag, um Kunde, Telefon, Artikel und Hinweise zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/console/orderdetailsdock.cpp" line="75"/>
        <source>Order %1 no longer exists.</source>
        <translation>Auftrag %1 existiert nicht mehr.</translation>
    </message>
    <message>
        <location filename="../ui/console/orderdetailsdock.cpp" line="77"/>
        <source>Order %1</source>
        <translation>Auftrag %1</translation>
    </message>
    <message>
        <location filename="../ui/console/orderdetailsdock.cpp" line="79"/>
        <source>Order %1, with %2</source>
        <translation>Auftrag %1, bei %2</translation>
    </message>
    <message>
        <location filename="../ui/console/orderdetailsdock.cpp" line="80"/>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location filename="../ui/console/orderdetailsdock.cpp" line="91"/>
        <source>nothing promised</source>
        <translation>nichts zugesagt</translation>
    </message>
</context>
<context>
    <name>OrderRepository</name>
    <message>
        <location filename="../model/claims/orderrepository.cpp" line="135"/>
        <source>the lost claim is still running on the server</source>
        <translation>die Zuweisung, deren Antwort verloren ging, läuft auf dem Server noch</translation>
    </message>
    <message>
        <location filename="../model/claims/orderrepository.cpp" line="156"/>
        <source>the claim was made, but the order has changed hands since</source>
        <translation>die Zuweisung ist erfolgt, aber der Auftrag ist seitdem in andere Hände übergegangen</translation>
    </message>
    <message>
        <location filename="../model/claims/orderrepository.cpp" line="166"/>
        <source>settled by re-reading after the answer was lost</source>
        <translation>durch erneutes Lesen geklärt, nachdem die Antwort verloren ging</translation>
    </message>
    <message>
        <location filename="../model/claims/orderrepository.cpp" line="226"/>
        <location filename="../model/claims/orderrepository.cpp" line="241"/>
        <location filename="../model/claims/orderrepository.cpp" line="316"/>
        <location filename="../model/claims/orderrepository.cpp" line="368"/>
        <location filename="../model/claims/orderrepository.cpp" line="459"/>
        <source>An order number must be a positive whole number.</source>
        <translation>Eine Auftragsnummer muss eine positive ganze Zahl sein.</translation>
    </message>
    <message>
        <location filename="../model/claims/orderrepository.cpp" line="229"/>
        <location filename="../model/claims/orderrepository.cpp" line="492"/>
        <source>A driver number must be a positive whole number.</source>
        <translation>Eine Fahrernummer muss eine positive ganze Zahl sein.</translation>
    </message>
    <message>
        <location filename="../model/claims/orderrepository.cpp" line="278"/>
        <source>the connection was lost inside a transaction, which the server rolled back; nothing was changed</source>
        <translation>die Verbindung ist innerhalb einer Transaktion abgerissen, die der Server zurückgerollt hat; es wurde nichts geändert</translation>
    </message>
    <message>
        <location filename="../model/claims/orderrepository.cpp" line="291"/>
        <source>the connection was lost twice; nothing was changed</source>
        <translation>die Verbindung ist zweimal abgerissen; es wurde nichts geändert</translation>
    </message>
    <message>
        <location filename="../model/claims/orderrepository.cpp" line="302"/>
        <location filename="../model/claims/orderrepository.cpp" line="344"/>
        <location filename="../model/claims/orderrepository.cpp" line="443"/>
        <source>Order and driver numbers must be positive.</source>
        <translation>Auftrags- und Fahrernummern müssen positiv sein.</translation>
    </message>
    <message>
        <location filename="../model/claims/orderrepository.cpp" line="347"/>
        <source>Say why the order is reassigned (at least 3 characters).</source>
        <translation>Geben Sie an, warum der Auftrag umvergeben wird (mindestens 3 Zeichen).</translation>
    </message>
    <message>
        <location filename="../model/claims/orderrepository.cpp" line="371"/>
        <source>A hold needs a holder and 1 to 600 seconds.</source>
        <translation>Eine Reservierung braucht einen Inhaber und 1 bis 600 Sekunden.</translation>
    </message>
    <message>
        <location filename="../model/claims/orderrepository.cpp" line="423"/>
        <source>Say why (at least 3 characters).</source>
        <translation>Geben Sie den Grund an (mindestens 3 Zeichen).</translation>
    </message>
    <message>
        <location filename="../model/claims/orderrepository.cpp" line="425"/>
        <source>A reason is at most 500 characters.</source>
        <translation>Ein Grund darf höchstens 500 Zeichen lang sein.</translation>
    </message>
    <message>
        <location filename="../model/claims/orderrepository.cpp" line="475"/>
        <source>Say which order, as the board shows it.</source>
        <translation>Geben Sie den Auftrag so an, wie die Tafel ihn zeigt.</translation>
    </message>
    <message>
        <location filename="../model/claims/orderrepository.cpp" line="530"/>
        <source>A capacity is 1 to 1000 orders at once.</source>
        <translation>Eine Kapazität liegt bei 1 bis 1000 Aufträgen gleichzeitig.</translation>
    </message>
</context>
<context>
    <name>OutcomeLogModel</name>
    <message>
        <location filename="../model/board/outcomelogmodel.cpp" line="90"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location filename="../model/board/outcomelogmodel.cpp" line="92"/>
        <source>Order</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <location filename="../model/board/outcomelogmodel.cpp" line="94"/>
        <source>Driver</source>
        <translation>Fahrer</translation>
    </message>
    <message>
        <location filename="../model/board/outcomelogmodel.cpp" line="96"/>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../model/board/outcomelogmodel.cpp" line="98"/>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <location filename="../model/board/outcomelogmodel.cpp" line="100"/>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <location filename="../model/board/outcomelogmodel.cpp" line="102"/>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
</context>
<context>
    <name>QPSQLResult</name>
    <message>
        <location filename="../model/db/statementcache.cpp" line="188"/>
        <source>Unable to execute statement</source>
        <translation>Die Anweisung konnte nicht ausgeführt werden</translation>
    </message>
    <message>
        <location filename="../model/db/statementcache.cpp" line="364"/>
        <source>Unable to prepare statement</source>
        <translation>Die Anweisung konnte nicht vorbereitet werden</translation>
    </message>
</context>
<context>
    <name>ReadyOrdersModel</name>
    <message>
        <location filename="../model/board/readyordersmodel.cpp" line="36"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../model/board/readyordersmodel.cpp" line="38"/>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location filename="../model/board/readyordersmodel.cpp" line="39"/>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <location filename="../model/board/readyordersmodel.cpp" line="304"/>
        <source>Assigning… waiting for the database</source>
        <translation>Wird zugewiesen… warte auf die Datenbank</translation>
    </message>
    <message>
        <location filename="../model/board/readyordersmodel.cpp" line="337"/>
        <source>assigning…</source>
        <translation>wird zugewiesen…</translation>
    </message>
    <message>
        <location filename="../model/board/readyordersmodel.cpp" line="340"/>
        <source>now %1</source>
        <translation>jetzt %1</translation>
    </message>
    <message>
        <location filename="../model/board/readyordersmodel.cpp" line="341"/>
        <source>now with %1</source>
        <translation>jetzt bei %1</translation>
    </message>
    <message>
        <location filename="../model/board/readyordersmodel.cpp" line="346"/>
        <source>held by %1 until %2</source>
        <translation>reserviert durch %1 bis %2</translation>
    </message>
    <message>
        <location filename="../model/board/readyordersmodel.cpp" line="362"/>
        <source>Order</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <location filename="../model/board/readyordersmodel.cpp" line="364"/>
        <source>Ready for</source>
        <translation>Bereit seit</translation>
    </message>
    <message>
        <location filename="../model/board/readyordersmodel.cpp" line="366"/>
        <source>Pickup</source>
        <translation>Abholung</translation>
    </message>
    <message>
        <location filename="../model/board/readyordersmodel.cpp" line="368"/>
        <source>Drop-off</source>
        <translation>Zustellung</translation>
    </message>
    <message>
        <location filename="../model/board/readyordersmodel.cpp" line="370"/>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location filename="../model/board/readyordersmodel.cpp" line="372"/>
        <source>Total</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <location filename="../model/board/readyordersmodel.cpp" line="374"/>
        <source>Hold / state</source>
        <translation>Reservierung / Zustand</translation>
    </message>
</context>
<context>
    <name>ReassignDialog</name>
    <message>
        <location filename="../ui/console/reassigndialog.cpp" line="15"/>
        <source>Reassign order %1</source>
        <translation>Auftrag %1 umvergeben</translation>
    </message>
    <message>
        <location filename="../ui/console/reassigndialog.cpp" line="18"/>
        <source>Order %1 is assigned to %2.</source>
        <translation>Auftrag %1 ist %2 zugewiesen.</translation>
    </message>
    <message>
        <location filename="../ui/console/reassigndialog.cpp" line="20"/>
        <source>New driver</source>
        <translation>Neuer Fahrer</translation>
    </message>
    <message>
        <location filename="../ui/console/reassigndialog.cpp" line="28"/>
        <source>&amp;New driver:</source>
        <translation>&amp;Neuer Fahrer:</translation>
    </message>
    <message>
        <location filename="../ui/console/reassigndialog.cpp" line="31"/>
        <source>Required, e.g. &quot;driver&apos;s car broke down&quot;</source>
        <translation>Pflichtfeld, z. B. „Auto des Fahrers ist liegen geblieben“</translation>
    </message>
    <message>
        <location filename="../ui/console/reassigndialog.cpp" line="32"/>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <location filename="../ui/console/reassigndialog.cpp" line="33"/>
        <source>&amp;Reason:</source>
        <translation>&amp;Grund:</translation>
    </message>
    <message>
        <location filename="../ui/console/reassigndialog.cpp" line="35"/>
        <source>Reassign</source>
        <translation>Umvergeben</translation>
    </message>
</context>
<context>
    <name>ServeCommand</name>
    <message>
        <location filename="../app/http/servecommand.cpp" line="68"/>
        <source>dispatch-console: cannot listen on %1:%2: %3</source>
        <translation>dispatch-console: kann nicht auf %1:%2 lauschen: %3</translation>
    </message>
    <message>
        <location filename="../app/http/servecommand.cpp" line="81"/>
        <source>dispatch-console: cannot connect to the database at %1: %2</source>
        <translation>dispatch-console: keine Verbindung zur Datenbank unter %1: %2</translation>
    </message>
    <message>
        <location filename="../app/http/servecommand.cpp" line="89"/>
        <source>dispatch-console: the schema of %1 is at version %2, this program needs %3; run dispatch-console --migrate-only first.</source>
        <translation>dispatch-console: das Schema von %1 ist auf Version %2, dieses Programm braucht %3; führen Sie zuerst dispatch-console --migrate-only aus.</translation>
    </message>
    <message>
        <location filename="../app/http/servecommand.cpp" line="98"/>
        <source>dispatch-console: driver API on %1 (%2 workers, queue %3), database %4</source>
        <translation>dispatch-console: Fahrer-API auf %1 (%2 Worker, Warteschlange %3), Datenbank %4</translation>
    </message>
    <message>
        <location filename="../app/http/servecommand.cpp" line="116"/>
        <source>dispatch-console: stopping now, without waiting.</source>
        <translation>dispatch-console: wird sofort beendet, ohne zu warten.</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/http/servecommand.cpp" line="124"/>
        <source>dispatch-console: stopping; %n request(s) still to answer (waiting up to %1 s).</source>
        <translation>
            <numerusform>dispatch-console: wird beendet; %n Anfrage ist noch zu beantworten (Wartezeit bis zu %1 s).</numerusform>
            <numerusform>dispatch-console: wird beendet; %n Anfragen sind noch zu beantworten (Wartezeit bis zu %1 s).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/http/servecommand.cpp" line="138"/>
        <source>dispatch-console: %n request(s) not answered within the stop timeout; stopping anyway.</source>
        <translation>
            <numerusform>dispatch-console: %n Anfrage wurde nicht innerhalb der Stopp-Frist beantwortet; wird trotzdem beendet.</numerusform>
            <numerusform>dispatch-console: %n Anfragen wurden nicht innerhalb der Stopp-Frist beantwortet; wird trotzdem beendet.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/http/servecommand.cpp" line="164"/>
        <source>dispatch-console: reload: %1; the running settings stay.</source>
        <translation>dispatch-console: Neuladen: %1; die laufenden Einstellungen bleiben bestehen.</translation>
    </message>
    <message>
        <location filename="../app/http/servecommand.cpp" line="183"/>
        <source>dispatch-console: reload: %1; the access log stays where it was.</source>
        <translation>dispatch-console: Neuladen: %1; das Zugriffsprotokoll bleibt, wo es war.</translation>
    </message>
    <message>
        <location filename="../app/http/servecommand.cpp" line="189"/>
        <source>dispatch-console: reloaded; access log reopened.</source>
        <translation>dispatch-console: neu geladen; Zugriffsprotokoll neu geöffnet.</translation>
    </message>
    <message>
        <location filename="../app/http/servecommand.cpp" line="190"/>
        <source>dispatch-console: reloaded; access log reopened; %1 change(s) at the next start.</source>
        <translation>dispatch-console: neu geladen; Zugriffsprotokoll neu geöffnet; %1 Änderung(en) beim nächsten Start.</translation>
    </message>
    <message>
        <location filename="../app/http/servecommand.cpp" line="204"/>
        <source>cannot open the access log %1: %2</source>
        <translation>Zugriffsprotokoll %1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <location filename="../app/http/servecommand.cpp" line="231"/>
        <source>dispatch-console: the token of driver %1 is revoked.</source>
        <translation>dispatch-console: das Token von Fahrer %1 ist widerrufen.</translation>
    </message>
    <message>
        <location filename="../app/http/servecommand.cpp" line="237"/>
        <source>dispatch-console: warning: %1</source>
        <translation>dispatch-console: Warnung: %1</translation>
    </message>
    <message>
        <location filename="../app/http/servecommand.cpp" line="239"/>
        <source>dispatch-console: new token for driver %1 (shown once; any earlier token no longer works).</source>
        <translation>dispatch-console: neues Token für Fahrer %1 (wird nur einmal angezeigt; jedes frühere Token gilt nicht mehr).</translation>
    </message>
</context>
<context>
    <name>Simulation</name>
    <message>
        <location filename="../model/simulation/simulationtypes.cpp" line="18"/>
        <source>lanes must be %1 to %2</source>
        <translation>Bahnen müssen %1 bis %2 sein</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationtypes.cpp" line="20"/>
        <source>orders must be 1 to 100000</source>
        <translation>Aufträge müssen 1 bis 100000 sein</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationtypes.cpp" line="22"/>
        <source>rounds must be 1 to 10000</source>
        <translation>Runden müssen 1 bis 10000 sein</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationtypes.cpp" line="24"/>
        <source>think time and jitter must be 0 to 60000 ms</source>
        <translation>Denkzeit und Streuung müssen 0 bis 60000 ms sein</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationtypes.cpp" line="26"/>
        <source>the vulnerable gap must be 0 to 1000000 µs</source>
        <translation>die verwundbare Lücke muss 0 bis 1000000 µs sein</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationtypes.cpp" line="28"/>
        <source>drivers must be 0 (one per lane) to the number of lanes</source>
        <translation>drivers muss 0 (einer je Spur) bis zur Zahl der Spuren sein</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationtypes.cpp" line="30"/>
        <source>capacity must be 0 (no limit) to 1000</source>
        <translation>capacity muss 0 (ohne Limit) bis 1000 sein</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationtypes.cpp" line="32"/>
        <source>lanes deliver their orders only when they drain the board</source>
        <translation>Spuren liefern ihre Aufträge nur aus, wenn sie die Tafel leeren</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationtypes.cpp" line="40"/>
        <source>Race one order</source>
        <translation>Rennen um einen Auftrag</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationtypes.cpp" line="42"/>
        <source>Drain the board</source>
        <translation>Tafel leeren</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationtypes.cpp" line="44"/>
        <source>Broadcast offer</source>
        <translation>Rundruf-Angebot</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationtypes.cpp" line="46"/>
        <source>Step by hand</source>
        <translation>Schritt für Schritt</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationtypes.cpp" line="61"/>
        <source>not checked yet</source>
        <translation>noch nicht geprüft</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationtypes.cpp" line="63"/>
        <source>check failed: %1</source>
        <translation>Prüfung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationtypes.cpp" line="64"/>
        <source>%1
attempts %2 made / %3 recorded · wins %4 reported / %5 orders assigned
%6 orders assigned twice · %7 lost updates (a driver overwritten)</source>
        <translation>%1
Versuche %2 gemacht / %3 erfasst · Gewinne %4 gemeldet / %5 Aufträge zugewiesen
%6 Aufträge doppelt zugewiesen · %7 verlorene Updates (ein Fahrer überschrieben)</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationtypes.cpp" line="66"/>
        <source>PASS</source>
        <translation>BESTANDEN</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationtypes.cpp" line="66"/>
        <source>FAIL</source>
        <translation>FEHLGESCHLAGEN</translation>
    </message>
</context>
<context>
    <name>SimulationRun</name>
    <message>
        <location filename="../model/simulation/simulationrun.cpp" line="55"/>
        <source>Simulations run only on a training database: their trainee drivers and practice orders would otherwise show on dispatchers&apos; boards and in drivers&apos; lists of available orders. This database is not marked for training. Start the console without --database to train on its own embedded database (marked for you), or have the owner of a database used only for training mark it: UPDATE training_settings SET is_training = true, marked_by = &apos;your name&apos;;</source>
        <translation>Simulationen laufen nur auf einer Trainingsdatenbank: ihre Übungsfahrer und Übungsaufträge würden sonst auf den Tafeln der Disponenten und in den Listen verfügbarer Aufträge der Fahrer erscheinen. Diese Datenbank ist nicht für das Training markiert. Starten Sie die Konsole ohne --database, um auf ihrer eigenen eingebetteten Datenbank zu trainieren (sie wird für Sie markiert), oder lassen Sie den Eigentümer einer Datenbank, die nur dem Training dient, sie markieren: UPDATE training_settings SET is_training = true, marked_by = &apos;your name&apos;;</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationrun.cpp" line="208"/>
        <source>%1 · phone %2</source>
        <translation>%1 · Telefon %2</translation>
    </message>
</context>
<context>
    <name>SimulationScenario</name>
    <message>
        <location filename="../model/simulation/simulationscenario.cpp" line="76"/>
        <source>line %1: field &quot;%2&quot;: %3</source>
        <translation>Zeile %1: Feld &quot;%2&quot;: %3</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationscenario.cpp" line="363"/>
        <source>line %1: not valid JSON: %2</source>
        <translation>Zeile %1: kein gültiges JSON: %2</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationscenario.cpp" line="369"/>
        <source>line 1: a scenario is one JSON object { … }</source>
        <translation>Zeile 1: ein Szenario ist ein JSON-Objekt { … }</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationscenario.cpp" line="119"/>
        <location filename="../model/simulation/simulationscenario.cpp" line="133"/>
        <source>is missing</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationscenario.cpp" line="122"/>
        <source>must be a whole number from %1 to %2</source>
        <translation>muss eine ganze Zahl von %1 bis %2 sein</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationscenario.cpp" line="141"/>
        <source>must be one of: %1</source>
        <translation>muss eines davon sein: %1</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationscenario.cpp" line="258"/>
        <source>is not a scenario field (known: %1)</source>
        <translation>ist kein Szenariofeld (bekannt: %1)</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationscenario.cpp" line="265"/>
        <source>must be text</source>
        <translation>muss Text sein</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationscenario.cpp" line="308"/>
        <source>must be true or false</source>
        <translation>muss true oder false sein</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationscenario.cpp" line="381"/>
        <source>must be a list [ … ] of steps</source>
        <translation>muss eine Liste [ … ] von Schritten sein</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationscenario.cpp" line="322"/>
        <source>must be an object { &quot;action&quot;: … }</source>
        <translation>muss ein Objekt { &quot;action&quot;: … } sein</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationscenario.cpp" line="179"/>
        <source>must be a lane number from 1 to %1, a list of them, or a range &quot;1-8&quot;</source>
        <translation>muss eine Bahnnummer von 1 bis %1 sein, eine Liste davon oder ein Bereich &quot;1-8&quot;</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationscenario.cpp" line="393"/>
        <source>line 1: %1</source>
        <translation>Zeile 1: %1</translation>
    </message>
    <message>
        <location filename="../model/simulation/simulationscenario.cpp" line="403"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>SimulationSparkline</name>
    <message>
        <location filename="../ui/simulation/simulationsparkline.cpp" line="15"/>
        <source>Conflict rate over time: the share of claims answered 409 in each slice of the run. High means many drivers chase few orders.</source>
        <translation>Konfliktrate im Zeitverlauf: der Anteil der Zuweisungen, die in jedem Abschnitt des Laufs mit 409 beantwortet wurden. Hoch heißt: viele Fahrer jagen wenigen Aufträgen nach.</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationsparkline.cpp" line="63"/>
        <source>409 rate %1%</source>
        <translation>409-Rate %1 %</translation>
    </message>
</context>
<context>
    <name>SimulationView</name>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="277"/>
        <location filename="../ui/simulation/simulationview.cpp" line="314"/>
        <source>Old SELECT-then-UPDATE (the bug, training only)</source>
        <translation>Altes SELECT-then-UPDATE (der Fehler, nur Training)</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="278"/>
        <source>Old SELECT-then-UPDATE (needs a training database)</source>
        <translation>Altes SELECT-then-UPDATE (braucht eine Trainingsdatenbank)</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="225"/>
        <source>All lanes</source>
        <translation>Alle Bahnen</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="237"/>
        <source>Lane %1 has no connection: %2</source>
        <translation>Bahn %1 hat keine Verbindung: %2</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="240"/>
        <source>The run&apos;s trainee drivers and practice orders are still active (%1). They are taken off again when the next run starts or ends.</source>
        <translation>Die Übungsfahrer und Übungsaufträge des Laufs sind noch aktiv (%1). Sie werden beim Start oder Ende des nächsten Laufs wieder entfernt.</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="254"/>
        <source>Stopped %1 lanes in %2 ms.</source>
        <translation>%1 Bahnen in %2 ms gestoppt.</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="281"/>
        <source>Training database: each run adds its own trainee drivers and practice orders (Trainer kitchen) and takes them off the boards when it ends.</source>
        <translation>Trainingsdatenbank: jeder Lauf legt eigene Übungsfahrer und Übungsaufträge (Trainer kitchen) an und nimmt sie an seinem Ende wieder von den Tafeln.</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="286"/>
        <source>Runs are refused until the training flag can be read (%1).</source>
        <translation>Läufe werden abgelehnt, bis das Trainingskennzeichen gelesen werden kann (%1).</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="298"/>
        <source>Scenario</source>
        <translation>Szenario</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="309"/>
        <source>Random</source>
        <translation>Zufällig</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="310"/>
        <source>Oldest first</source>
        <translation>Älteste zuerst</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="312"/>
        <source>Atomic claim (the fix)</source>
        <translation>Atomare Zuweisung (die Korrektur)</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="324"/>
        <location filename="../ui/simulation/simulationview.cpp" line="327"/>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="332"/>
        <source>Ready-made scenarios…</source>
        <translation>Fertige Szenarien…</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="336"/>
        <source>Open a file…</source>
        <translation>Datei öffnen…</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="343"/>
        <source>&amp;Lanes</source>
        <translation>Ba&amp;hnen</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="345"/>
        <source>&amp;Mode</source>
        <translation>&amp;Modus</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="347"/>
        <source>&amp;Pick</source>
        <translation>Aus&amp;wahl</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="349"/>
        <source>&amp;Claim</source>
        <translation>Zuweisun&amp;g</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="351"/>
        <source>&amp;Orders</source>
        <translation>Auf&amp;träge</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="353"/>
        <source>&amp;Rounds</source>
        <translation>Ru&amp;nden</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="355"/>
        <source>&amp;Think</source>
        <translation>&amp;Denkzeit</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="357"/>
        <source>&amp;Jitter ±</source>
        <translation>Streu&amp;ung ±</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="359"/>
        <source>S&amp;eed</source>
        <translation>S&amp;eed</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="363"/>
        <source>&amp;Start</source>
        <translation>Sta&amp;rt</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="365"/>
        <source>S&amp;top</source>
        <translation>St&amp;opp</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="366"/>
        <source>Step &amp;lane</source>
        <translation>Bahn aus&amp;lösen</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="368"/>
        <source>Fire the lane selected in the grid (double-click a lane does the same).</source>
        <translation>Die im Raster gewählte Bahn auslösen (ein Doppelklick auf eine Bahn tut dasselbe).</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="369"/>
        <source>Save attempts as CSV…</source>
        <translation>Versuche als CSV speichern…</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="370"/>
        <source>Export timeline PNG…</source>
        <translation>Zeitleiste als PNG exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="107"/>
        <location filename="../ui/simulation/simulationview.cpp" line="110"/>
        <source>Lane</source>
        <translation>Bahn</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="107"/>
        <source>Driver</source>
        <translation>Fahrer</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="108"/>
        <source>Last outcome</source>
        <translation>Letztes Ergebnis</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="108"/>
        <location filename="../ui/simulation/simulationview.cpp" line="110"/>
        <source>Wins</source>
        <translation>Gewinne</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="109"/>
        <source>409s</source>
        <translation>409er</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="109"/>
        <source>Other</source>
        <translation>Andere</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="111"/>
        <source>Conflicts</source>
        <translation>Konflikte</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="111"/>
        <source>Others</source>
        <translation>Andere</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="112"/>
        <source>p50 ms</source>
        <translation>p50 ms</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="112"/>
        <source>p95 ms</source>
        <translation>p95 ms</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="113"/>
        <source>p99 ms</source>
        <translation>p99 ms</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="395"/>
        <source>Lanes</source>
        <translation>Bahnen</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="396"/>
        <source>Scoreboard</source>
        <translation>Punktetafel</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="399"/>
        <source>Timeline of claims</source>
        <translation>Zeitleiste der Zuweisungen</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="429"/>
        <source>Training database</source>
        <translation>Trainingsdatenbank</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="496"/>
        <source>Resetting the board and starting %1 lanes…</source>
        <translation>Tafel wird zurückgesetzt, %1 Bahnen starten…</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="501"/>
        <source>Could not start: %1</source>
        <translation>Start nicht möglich: %1</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="507"/>
        <source>%1 with %2 lanes (%3), seed %4, fresh board: %5 order(s).</source>
        <translation>%1 mit %2 Bahnen (%3), Seed %4, frische Tafel: %5 Auftrag/Aufträge.</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="511"/>
        <source>atomic claim</source>
        <translation>atomare Zuweisung</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="512"/>
        <source>the OLD SELECT-then-UPDATE</source>
        <translation>das ALTE SELECT-then-UPDATE</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="144"/>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="576"/>
        <source>Consistency: counted from the database after the run.</source>
        <translation>Konsistenz: nach dem Lauf aus der Datenbank gezählt.</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="581"/>
        <source>Consistency %1</source>
        <translation>Konsistenz %1</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="613"/>
        <source>Select a lane in the grid first.</source>
        <translation>Wählen Sie zuerst eine Bahn im Raster.</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="617"/>
        <source>Start a run in Step mode to fire lanes by hand.</source>
        <translation>Starten Sie einen Lauf im Schrittmodus, um Bahnen von Hand auszulösen.</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="622"/>
        <source>Save attempts</source>
        <translation>Versuche speichern</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="624"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="629"/>
        <source>Saved %1 attempts to %2.</source>
        <translation>%1 Versuche in %2 gespeichert.</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="631"/>
        <location filename="../ui/simulation/simulationview.cpp" line="644"/>
        <source>Could not save %1: %2</source>
        <translation>%1 konnte nicht gespeichert werden: %2</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="637"/>
        <source>Export timeline</source>
        <translation>Zeitleiste exportieren</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="637"/>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="642"/>
        <source>Saved the timeline to %1.</source>
        <translation>Zeitleiste in %1 gespeichert.</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="653"/>
        <source>Open a scenario</source>
        <translation>Szenario öffnen</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="654"/>
        <source>Scenarios (*.json)</source>
        <translation>Szenarien (*.json)</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="665"/>
        <source>Scenario not loaded: %1</source>
        <translation>Szenario nicht geladen: %1</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="671"/>
        <source>Scenario &quot;%1&quot; uses the old SELECT-then-UPDATE, which runs only on a training database.</source>
        <translation>Szenario „%1“ verwendet das alte SELECT-then-UPDATE, das nur auf einer Trainingsdatenbank läuft.</translation>
    </message>
    <message>
        <location filename="../ui/simulation/simulationview.cpp" line="682"/>
        <source>Scenario &quot;%1&quot; loaded: %2</source>
        <translation>Szenario „%1“ geladen: %2</translation>
    </message>
</context>
<context>
    <name>TimelineWidget</name>
    <message>
        <location filename="../ui/simulation/timelinewidget.cpp" line="55"/>
        <source>One bar per claim, from send to answer. Ctrl+wheel zooms, the wheel pans, a double click fits the whole run.</source>
        <translation>Ein Balken pro Zuweisung, vom Senden bis zur Antwort. Strg+Mausrad zoomt, das Mausrad verschiebt, ein Doppelklick zeigt den ganzen Lauf.</translation>
    </message>
    <message>
        <location filename="../ui/simulation/timelinewidget.cpp" line="250"/>
        <source>No attempts yet: press Start.</source>
        <translation>Noch keine Versuche: drücken Sie Start.</translation>
    </message>
    <message>
        <location filename="../ui/simulation/timelinewidget.cpp" line="305"/>
        <source>won (★ order)</source>
        <translation>gewonnen (★ Auftrag)</translation>
    </message>
    <message>
        <location filename="../ui/simulation/timelinewidget.cpp" line="306"/>
        <source>409 conflict</source>
        <translation>409-Konflikt</translation>
    </message>
    <message>
        <location filename="../ui/simulation/timelinewidget.cpp" line="307"/>
        <source>other refusal</source>
        <translation>andere Ablehnung</translation>
    </message>
    <message>
        <location filename="../ui/simulation/timelinewidget.cpp" line="308"/>
        <source>hold</source>
        <translation>Reservierung</translation>
    </message>
    <message>
        <location filename="../ui/simulation/timelinewidget.cpp" line="322"/>
        <source>time: since the first claim was sent</source>
        <translation>Zeit: seit dem Senden der ersten Zuweisung</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/main.cpp" line="51"/>
        <source>Dispatch Console cannot start</source>
        <translation>Dispatch Console kann nicht starten</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="128"/>
        <source>No display to open the console on (DISPLAY is not set). Run it in a desktop session, or use --migrate-only for scripts.</source>
        <translation>Kein Bildschirm, auf dem die Konsole geöffnet werden kann (DISPLAY ist nicht gesetzt). Starten Sie sie in einer Desktop-Sitzung oder verwenden Sie --migrate-only für Skripte.</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="158"/>
        <source>--listen-database: %1</source>
        <translation>--listen-database: %1</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="175"/>
        <source>Cannot connect to the database at %1: %2</source>
        <translation>Keine Verbindung zur Datenbank unter %1: %2</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="191"/>
        <source>%1 is the maintenance database &quot;postgres&quot;; the schema belongs in a database of its own (createdb dispatch). Add --allow-maintenance-db to install it there anyway.</source>
        <translation>%1 ist die Wartungsdatenbank &quot;postgres&quot;; das Schema gehört in eine eigene Datenbank (createdb dispatch). Fügen Sie --allow-maintenance-db hinzu, um es trotzdem dort zu installieren.</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="197"/>
        <source>dispatch-console: warning: installing the schema into the maintenance database &quot;postgres&quot; (--allow-maintenance-db).</source>
        <translation>dispatch-console: Warnung: das Schema wird in die Wartungsdatenbank &quot;postgres&quot; installiert (--allow-maintenance-db).</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="204"/>
        <source>Could not add demo data: %1</source>
        <translation>Demodaten konnten nicht angelegt werden: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/main.cpp" line="258"/>
        <source>%1 %2 (%n row(s))</source>
        <translation>
            <numerusform>%1 %2 (%n Zeile)</numerusform>
            <numerusform>%1 %2 (%n Zeilen)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="263"/>
        <source>History is up to date: nothing to create or drop.</source>
        <translation>Der Verlauf ist aktuell: nichts anzulegen oder zu löschen.</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="269"/>
        <source>Schema at version %1 (%2 applied now) on %3.</source>
        <translation>Schema auf Version %1 (%2 jetzt angewendet) auf %3.</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="306"/>
        <source>embedded database %1</source>
        <translation>eingebettete Datenbank %1</translation>
    </message>
</context>
</TS>
