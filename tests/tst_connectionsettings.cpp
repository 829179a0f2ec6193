// Connection strings: URLs and libpq keywords parsed by libpq; bad input gets one clear
// line; the password is never shown.

#include "connectionsettings.h"

#include <QTest>

class ConnectionSettingsTest : public QObject
{
    Q_OBJECT

private slots:
    void parsesUrlsAndKeywords_data();
    void parsesUrlsAndKeywords();
    void rejectsBadInput_data();
    void rejectsBadInput();
    void passwordIsNeverShown();
};

void ConnectionSettingsTest::parsesUrlsAndKeywords_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("user");

    QTest::newRow("url") << "postgresql://alice@db.example:6543/dispatch"
                         << "db.example" << 6543 << "dispatch"
                         << "alice";
    QTest::newRow("postgres scheme") << "postgres://db1/orders"
                                     << "db1" << -1 << "orders"
                                     << "";
    QTest::newRow("percent-encoded user") << "postgresql://d%C3%BCrr@h/db"
                                          << "h" << -1 << "db" << QString::fromUtf8("dürr");
    QTest::newRow("socket dir in query") << "postgresql:///dispatch?host=/var/run/postgresql"
                                         << "/var/run/postgresql" << -1 << "dispatch"
                                         << "";
    QTest::newRow("keywords") << "host=db2 port=5433 dbname=x user=bob sslmode=require"
                              << "db2" << 5433 << "x"
                              << "bob";
    QTest::newRow("service only") << "service=dispatch"
                                  << "" << -1 << ""
                                  << "";
}

void ConnectionSettingsTest::parsesUrlsAndKeywords()
{
    QFETCH(QString, input);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, database);
    QFETCH(QString, user);
    QString error;
    const auto settings = ConnectionSettings::parse(input, &error);
    QVERIFY2(settings, qPrintable(error));
    QCOMPARE(settings->host(), host);
    QCOMPARE(settings->port(), port);
    QCOMPARE(settings->database(), database);
    QCOMPARE(settings->user(), user);
}

void ConnectionSettingsTest::rejectsBadInput_data()
{
    QTest::addColumn<QString>("input");
    QTest::newRow("empty") << "";
    QTest::newRow("spaces") << "   ";
    QTest::newRow("plain word") << "localhost";
    QTest::newRow("http url") << "http://db/dispatch";
    QTest::newRow("port text") << "postgresql://h:abc/db";
    QTest::newRow("port zero") << "host=h port=0";
    QTest::newRow("port too big") << "postgresql://h:70000/db";
    QTest::newRow("unknown keyword") << "host=h frobnicate=1";
    QTest::newRow("unterminated quote") << "host='h";
    QTest::newRow("bad percent") << "postgresql://u@h/d%zz";
    QTest::newRow("huge") << QString(10000, QLatin1Char('a')) + QStringLiteral("=b");
    QTest::newRow("sql injection") << "'; DROP TABLE orders; --";
}

void ConnectionSettingsTest::rejectsBadInput()
{
    QFETCH(QString, input);
    QString error;
    QVERIFY(!ConnectionSettings::parse(input, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY2(!error.contains(QLatin1Char('\n')), qPrintable(error));
}

void ConnectionSettingsTest::passwordIsNeverShown()
{
    QString error;
    const auto settings
        = ConnectionSettings::parse(QStringLiteral("postgresql://u:s3cr3t@h/d"), &error);
    QVERIFY(settings);
    QVERIFY(settings->hasPassword());
    QVERIFY(!settings->redacted().contains(QStringLiteral("s3cr3t")));
    // What may be remembered round-trips without the password.
    const QString remembered = settings->toConnectionString();
    QVERIFY2(!remembered.contains(QStringLiteral("s3cr3t")), qPrintable(remembered));
    const auto again = ConnectionSettings::parse(remembered, &error);
    QVERIFY2(again, qPrintable(error));
    QCOMPARE(again->host(), QStringLiteral("h"));
    QCOMPARE(again->user(), QStringLiteral("u"));
    QCOMPARE(again->database(), QStringLiteral("d"));
    QVERIFY(!again->hasPassword());

    // A malformed URL whose bad part is inside the password: the error must not echo it.
    QVERIFY(!ConnectionSettings::parse(QStringLiteral("postgresql://u:s3%zzcr3t@h/d"), &error));
    QVERIFY2(!error.contains(QStringLiteral("s3")) && !error.contains(QStringLiteral("cr3t")),
             qPrintable(error));
    QVERIFY(!ConnectionSettings::parse(QStringLiteral("postgresql://u:topsecret@h:notaport/d"),
                                       &error));
    QVERIFY2(!error.contains(QStringLiteral("topsecret")), qPrintable(error));
}

QTEST_GUILESS_MAIN(ConnectionSettingsTest)
#include "tst_connectionsettings.moc"
