// The small helpers there is one of (issue 18 item 3), without a database: the host:port
// parser the command line and the console's "Serve the driver API…" dialog share, the
// input cleaner of the board filter and the inspector search, utc() and the bigint[]
// literal, and the outcome palette the board, inspector, lanes and timeline paint with.

#include "common/outcomepalette.h"
#include "core/hostport.h"
#include "core/textinput.h"

#include <QTest>
#include <QTimeZone>
#include <cmath>

class SharedHelpersTest : public QObject
{
    Q_OBJECT

private slots:
    void hostPortAcceptsWhatTheCommandLineAndTheDialogAccept_data();
    void hostPortAcceptsWhatTheCommandLineAndTheDialogAccept();
    void hostPortRefusesWhatIsNotOneAddressAndOnePort_data();
    void hostPortRefusesWhatIsNotOneAddressAndOnePort();
    void cleanerTurnsControlCharactersIntoSpacesAndTrims();
    void cleanerSpotsUnpairedSurrogates();
    void utcKeepsNullAndConvertsToUtc();
    void bigintArrayIsAPostgresLiteral();
    void notFoundIsOneColourEverywhere();
    void everyOutcomeColourPairIsReadable();
};

void SharedHelpersTest::hostPortAcceptsWhatTheCommandLineAndTheDialogAccept_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::newRow("ipv4") << QStringLiteral("127.0.0.1:8080") << QStringLiteral("127.0.0.1")
                          << 8080;
    QTest::newRow("ipv6 in brackets")
        << QStringLiteral("[::1]:8080") << QStringLiteral("::1") << 8080;
    QTest::newRow("localhost") << QStringLiteral("localhost:8080") << QStringLiteral("127.0.0.1")
                               << 8080;
    QTest::newRow("bare port") << QStringLiteral("9000") << QStringLiteral("127.0.0.1") << 9000;
    QTest::newRow("port 0 picks one") << QStringLiteral("[::1]:0") << QStringLiteral("::1") << 0;
    QTest::newRow("blanks around")
        << QStringLiteral("  0.0.0.0:65535 ") << QStringLiteral("0.0.0.0") << 65535;
}

void SharedHelpersTest::hostPortAcceptsWhatTheCommandLineAndTheDialogAccept()
{
    QFETCH(QString, text);
    QFETCH(QString, host);
    QFETCH(int, port);
    const auto parsed = HostPort::parse(text);
    QVERIFY2(parsed, qPrintable(text));
    QCOMPARE(parsed->host, host);
    QCOMPARE(parsed->port, port);
}

void SharedHelpersTest::hostPortRefusesWhatIsNotOneAddressAndOnePort_data()
{
    QTest::addColumn<QString>("text");
    for (const char *text : { "", ":8080", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1",
                              "127.0.0.1:+80", "127.0.0.1:80x", "::1:8080", "[::1]", "db1:8080",
                              "999.1.1.1:80", "127.0.0.1:8080:1", "[::1:80" })
        QTest::newRow(text) << QString::fromLatin1(text);
}

void SharedHelpersTest::hostPortRefusesWhatIsNotOneAddressAndOnePort()
{
    QFETCH(QString, text);
    QVERIFY(!HostPort::parse(text));
}

void SharedHelpersTest::cleanerTurnsControlCharactersIntoSpacesAndTrims()
{
    QCOMPARE(TextInput::cleaned(QStringLiteral("  Ada\tLovelace\n")),
             QStringLiteral("Ada Lovelace"));
    // A NUL inside the text (fromUtf16 without a length would stop at it).
    QCOMPARE(TextInput::cleaned(QStringView(u"Main\u0000St\u001b", 8).toString()),
             QStringLiteral("Main St"));
    QCOMPARE(TextInput::cleaned(QString::fromUtf16(u"caf\u00e9\uffff")),
             QString::fromUtf16(u"caf\u00e9"));
    QCOMPARE(TextInput::cleaned(QString::fromUtf16(u"\U0001F355 pizza")),
             QString::fromUtf16(u"\U0001F355 pizza"));
}

void SharedHelpersTest::cleanerSpotsUnpairedSurrogates()
{
    QVERIFY(!TextInput::hasUnpairedSurrogate(QString::fromUtf16(u"\U0001F355")));
    QVERIFY(TextInput::hasUnpairedSurrogate(QString(QChar(0xd83c)) + QStringLiteral("x")));
    QVERIFY(TextInput::hasUnpairedSurrogate(QString(QChar(0xdf55))));
}

void SharedHelpersTest::utcKeepsNullAndConvertsToUtc()
{
    QVERIFY(TextInput::utc(QVariant()).isNull());
    const QDateTime berlin(QDate(2026, 12, 1), QTime(15, 0), QTimeZone(3600));
    const QDateTime utc = TextInput::utc(berlin);
    QCOMPARE(utc.timeSpec(), Qt::UTC);
    QCOMPARE(utc.time(), QTime(14, 0));
}

void SharedHelpersTest::bigintArrayIsAPostgresLiteral()
{
    QCOMPARE(TextInput::bigintArray({}), QStringLiteral("{}"));
    QCOMPARE(TextInput::bigintArray({ 1, 22, 9007199254740993 }),
             QStringLiteral("{1,22,9007199254740993}"));
}

void SharedHelpersTest::notFoundIsOneColourEverywhere()
{
    // The inspector painted 404 orange while the board painted it purple.
    QCOMPARE(OutcomePalette::background(404), QColor(0x4a, 0x14, 0x8c));
    QVERIFY(OutcomePalette::background(404) != OutcomePalette::background(400));
    QVERIFY(OutcomePalette::background(200) != OutcomePalette::background(409));
    QVERIFY(OutcomePalette::hold() != OutcomePalette::background(200));
}

void SharedHelpersTest::everyOutcomeColourPairIsReadable()
{
    // WCAG 2 contrast of text on background, at least 4.5 (AA for normal text).
    const auto luminance = [](const QColor &c) {
        const auto channel = [](double v) {
            return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF())
            + 0.0722 * channel(c.blueF());
    };
    for (int status : { 0, 200, 400, 403, 404, 409, 503 }) {
        const double a = luminance(OutcomePalette::background(status));
        const double b = luminance(OutcomePalette::text(status));
        const double ratio = (std::max(a, b) + 0.05) / (std::min(a, b) + 0.05);
        QVERIFY2(ratio >= 4.5, qPrintable(QString::number(status)));
    }
}

QTEST_APPLESS_MAIN(SharedHelpersTest)
#include "tst_sharedhelpers.moc"
