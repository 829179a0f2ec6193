#pragma once

#include "db/connectionsettings.h"
#include "db/databaseconnection.h"
#include "db/localpostgres.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

// Like Qt's own QVERIFY_SQL: on failure, print what the database said.
#define QVERIFY_SQL(q, stmt) QVERIFY2((q).stmt, qPrintable((q).lastError().text()))

// A throwaway PostgreSQL cluster, started exactly the way the embedded default starts
// (LocalPostgres: initdb, pg_ctl, Unix socket only), with fsync off. One per test
// executable; each test may ask for fresh, migrated databases. However the test process
// ends (even SIGKILL), the server and the directory go with it (fixtureguard.h).
class TestCluster
{
public:
    TestCluster();
    ~TestCluster();

    bool start(); // QVERIFY(cluster.start()) in initTestCase
    QString errorString() const;
    QString baseDir() const { return m_dir.path(); }
    LocalPostgres &server() { return *m_server; }

    // A new empty database; migrated unless told otherwise. Returns its settings.
    ConnectionSettings freshDatabase(const QString &name, bool migrate = true);
    ConnectionSettings settings() const { return m_current; }

    // A connection on the calling thread to the current database (opened).
    std::unique_ptr<DatabaseConnection> connect(const QString &purpose = QStringLiteral("test"));

    // Small helpers on the fixture's own connection. Failures are test failures: an error
    // records a QTest failure naming the statement and what the server said (the test slot
    // then ends at its next QVERIFY/QCOMPARE, or is reported failed when it returns).
    QSqlQuery exec(const QString &sql, const QVariantList &values = {});
    // For a statement that is meant to fail (a constraint, a privilege the test checks):
    // the test fails if it succeeds; the query carries lastError() for a closer look.
    QSqlQuery execExpectingError(const QString &sql, const QVariantList &values = {});
    QVariant scalar(const QString &sql, const QVariantList &values = {});
    qint64 addDriver(const QString &name, bool active = true);
    qint64 addReadyOrder(const QString &customer = QStringLiteral("Test Customer"));

private:
    QTemporaryDir m_dir;
    std::unique_ptr<LocalPostgres> m_server;
    ConnectionSettings m_current;
    std::unique_ptr<DatabaseConnection> m_connection;
};
