// Result unknown (issue 8, case 4): a socat proxy on loopback between a claimer and the
// server (TCP 127.0.0.1:PORT → the cluster's Unix socket) is killed right after the claim
// was sent — the claim waits in the server for a row lock, so "sent" is certain — and is
// started again, as a network blip would end. The claimer must settle the lost answer by
// re-reading and never report a win the database does not hold; no order may have two
// drivers who believe they won. 30 cuts by default, 100 with DISPATCH_FAULT_LONG=1.
// And a paused backend (SIGSTOP longer than lock_timeout) holding the row: busy (503),
// never 409; after SIGCONT everything adds up.
#include "claims/orderrepository.h"
#include "db/databaseconnection.h"
#include "socatproxy.h"
#include "testcluster.h"

#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <csignal>
#include <optional>
#include <thread>

namespace {

int cuts()
{
    return qEnvironmentVariableIntValue("DISPATCH_FAULT_LONG") == 1 ? 100 : 30;
}

} // namespace

class FaultProxyTest : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cutProxyAfterTheClaimIsSentNeverInventsAWin();
    void pausedLockHolderGivesBusyNeverConflict();
    void lostClaimStillCommittingIsNeverSettledBesideIt();

private:
    // forking: keep listening after accepting (for the proxy that brings the network back,
    // which the claimer may reconnect through before we have checked it listens).
    bool startProxy(QProcess &proxy, int port, bool forking = false);
    // The database `direct` names, as the superuser, through 127.0.0.1:port.
    static std::optional<ConnectionSettings> throughProxy(int port,
                                                          const ConnectionSettings &direct);
    TestCluster m_cluster;
};

void FaultProxyTest::initTestCase()
{
    if (QStandardPaths::findExecutable(QStringLiteral("socat")).isEmpty())
        QSKIP("socat is not installed (scripts/bootstrap.sh installs it)");
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
}

bool FaultProxyTest::startProxy(QProcess &proxy, int port, bool forking)
{
    return startSocatProxy(proxy, port, m_cluster.server().socketDir(), forking);
}

std::optional<ConnectionSettings> FaultProxyTest::throughProxy(int port,
                                                               const ConnectionSettings &direct)
{
    QString parseError;
    auto settings = ConnectionSettings::parse(
        QStringLiteral("host=127.0.0.1 port=%1 user=%2 dbname=%3 connect_timeout=5")
            .arg(port)
            .arg(LocalPostgres::superuser(), direct.database()),
        &parseError);
    if (!settings)
        qWarning("%s", qPrintable(parseError));
    return settings;
}

void FaultProxyTest::cutProxyAfterTheClaimIsSentNeverInventsAWin()
{
    const ConnectionSettings direct = m_cluster.freshDatabase(QStringLiteral("fault_proxy"));
    const int port = freeLoopbackPort();
    QVERIFY(port > 0);
    const auto viaProxy = throughProxy(port, direct);
    QVERIFY(viaProxy);

    const qint64 claimer = m_cluster.addDriver(QStringLiteral("Behind Proxy"));
    const qint64 rival = m_cluster.addDriver(QStringLiteral("Rival"));
    // Many cuts, one claimer: the test is about lost answers, not the capacity limit (sql/015).
    m_cluster.exec(
        QStringLiteral("UPDATE drivers SET max_concurrent_orders = NULL WHERE id IN (?, ?)"),
        { claimer, rival });
    auto locker = m_cluster.connect(QStringLiteral("fault-locker"));
    auto watch = m_cluster.connect(QStringLiteral("fault-watch"));
    int wonByClaimer = 0, wonByRival = 0, bothBelieve = 0, unknown = 0, phantom = 0;
    QHash<QString, int> outcomes;
    const int total = cuts();
    for (int trial = 0; trial < total; ++trial) {
        const qint64 order = m_cluster.addReadyOrder(QStringLiteral("Cut %1").arg(trial));
        const int kind = trial % 3; // 0: lock released, 1: rival wins, 2: backend ends first
        QVERIFY(locker->database().transaction());
        QSqlQuery lock(locker->database());
        bool rivalWon = false;
        if (kind == 1) {
            lock.prepare(QStringLiteral("SELECT outcome FROM claim_order(?, ?, 'sql', 'rival')"));
            lock.addBindValue(order);
            lock.addBindValue(rival);
        } else {
            lock.prepare(QStringLiteral("SELECT id FROM orders WHERE id = ? FOR UPDATE"));
            lock.addBindValue(order);
        }
        QVERIFY_SQL(lock, exec());
        QVERIFY(lock.next());
        if (kind == 1)
            rivalWon = lock.value(0).toString() == QLatin1String("ASSIGNED");
        lock.finish();

        QProcess proxy;
        QVERIFY(startProxy(proxy, port));
        ClaimOutcome outcome;
        std::thread client([&] {
            DatabaseConnection connection(*viaProxy, QStringLiteral("fault-proxy-claimer"));
            if (const QSqlError error = connection.open(); error.isValid()) {
                qWarning("cannot connect through the proxy: %s", qPrintable(error.text()));
                return;
            }
            OrderRepository repository(connection);
            outcome = repository.claim(order, claimer, ClaimSource::Simulation,
                                       QStringLiteral("fault:proxy"));
        });
        // "Sent": the claim is in the server, waiting for the row lock.
        qint64 backend = 0;
        const bool sent = QTest::qWaitFor(
            [&] {
                QSqlQuery q(watch->database());
                q.exec(QStringLiteral("SELECT pid FROM pg_stat_activity WHERE wait_event_type = "
                                      "'Lock' AND application_name = "
                                      "'dispatch-console/fault-proxy-claimer'"));
                backend = q.next() ? q.value(0).toLongLong() : 0;
                return backend != 0;
            },
            20000);
        proxy.kill(); // the cut
        proxy.waitForFinished(5000);
        if (kind == 2) {
            // The server notices the dead client before the claim could commit.
            QSqlQuery end(watch->database());
            end.prepare(QStringLiteral("SELECT pg_terminate_backend(?)"));
            end.addBindValue(backend);
            end.exec();
            const bool ended = QTest::qWaitFor(
                [&] {
                    QSqlQuery q(watch->database());
                    q.prepare(
                        QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = ?"));
                    q.addBindValue(backend);
                    return q.exec() && q.next() && q.value(0).toInt() == 0;
                },
                5000);
            QVERIFY(ended);
        }
        if (kind == 1)
            QVERIFY(locker->database().commit());
        else
            QVERIFY(locker->database().rollback());
        QThread::msleep(100);
        QProcess again; // the network comes back
        QVERIFY(startProxy(again, port, true));
        client.join();
        again.kill();
        again.waitForFinished(5000);
        QVERIFY2(sent, "the claim never reached the server");

        const qint64 holder
            = m_cluster
                  .scalar(QStringLiteral("SELECT coalesce(driver_id, 0) FROM orders WHERE id = ?"),
                          { order })
                  .toLongLong();
        outcomes[outcome.codeName()] += 1;
        const bool claimerWon = outcome.code == OutcomeCode::Assigned;
        if (claimerWon && holder != claimer)
            ++phantom;
        if (claimerWon && rivalWon)
            ++bothBelieve;
        if (outcome.code == OutcomeCode::ResultUnknown)
            ++unknown;
        wonByClaimer += claimerWon;
        wonByRival += rivalWon;
    }
    QStringList summary;
    for (auto it = outcomes.cbegin(); it != outcomes.cend(); ++it)
        summary << QStringLiteral("%1 %2").arg(it.key()).arg(it.value());
    qInfo("%d cuts: claimer won %d, rival won %d, unknown %d, phantom wins %d, both believe %d "
          "[%s]",
          total, wonByClaimer, wonByRival, unknown, phantom, bothBelieve,
          qPrintable(summary.join(QStringLiteral(", "))));
    QCOMPARE(phantom, 0);
    QCOMPARE(bothBelieve, 0);
    // Every assignment in the database was reported to exactly one side.
    QCOMPARE(
        m_cluster.scalar(QStringLiteral("SELECT count(*) FROM orders WHERE driver_id IS NOT NULL"))
            .toInt(),
        wonByClaimer + wonByRival + unknown);
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT count(*) FROM (SELECT order_id FROM order_history"
                                        " WHERE new_driver_id IS NOT NULL AND new_driver_id IS"
                                        " DISTINCT FROM old_driver_id GROUP BY order_id"
                                        " HAVING count(*) > 1) AS twice"))
                 .toInt(),
             0);
}

void FaultProxyTest::pausedLockHolderGivesBusyNeverConflict()
{
    m_cluster.freshDatabase(QStringLiteral("fault_paused"));
    const qint64 holderDriver = m_cluster.addDriver(QStringLiteral("Frozen"));
    const qint64 waiter = m_cluster.addDriver(QStringLiteral("Waiting"));
    const qint64 order = m_cluster.addReadyOrder();
    const qint64 other = m_cluster.addReadyOrder();
    auto holder = m_cluster.connect(QStringLiteral("fault-frozen"));
    QVERIFY(holder->database().transaction());
    QSqlQuery claim(holder->database());
    claim.prepare(
        QStringLiteral("SELECT outcome, pg_backend_pid() FROM claim_order(?, ?, 'sql', 'frozen')"));
    claim.addBindValue(order);
    claim.addBindValue(holderDriver);
    QVERIFY_SQL(claim, exec());
    QVERIFY(claim.next());
    QCOMPARE(claim.value(0).toString(), QStringLiteral("ASSIGNED"));
    const pid_t frozen = pid_t(claim.value(1).toLongLong());
    claim.finish();
    QCOMPARE(::kill(frozen, SIGSTOP), 0);

    auto connection = m_cluster.connect(QStringLiteral("fault-waiter"));
    OrderRepository repository(*connection);
    const ClaimOutcome busy = repository.claim(order, waiter, ClaimSource::Http);
    // Other orders claim normally meanwhile.
    const ClaimOutcome meanwhile = repository.claim(other, waiter, ClaimSource::Http);
    QTest::qWait(2500); // paused for longer than lock_timeout (2 s) in all
    QCOMPARE(::kill(frozen, SIGCONT), 0);
    QVERIFY(holder->database().commit());

    qInfo("paused lock holder: %s / %d after %lld ms", qPrintable(busy.codeName()),
          busy.httpStatus(), busy.roundTripUs / 1000);
    QCOMPARE(busy.code, OutcomeCode::Busy);
    QCOMPARE(busy.httpStatus(), 503);
    QVERIFY(!busy.isConflict());
    QCOMPARE(meanwhile.code, OutcomeCode::Assigned);
    QCOMPARE(
        m_cluster.scalar(QStringLiteral("SELECT driver_id FROM orders WHERE id = ?"), { order })
            .toLongLong(),
        holderDriver);
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral(
                     "SELECT count(*) FROM claim_attempts WHERE outcome = 'ASSIGNED'"))
                 .toInt(),
             2);
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT count(*) FROM claim_attempts WHERE order_id = ?"),
                         { order })
                 .toInt(),
             1); // the busy claim rolled back: no row, nothing changed
}

// The claim's answer is lost while the claim itself is still committing: it waits for a
// synchronous standby that does not answer (synchronous_standby_names names one that is not
// there), holding its locks, invisible to others. The settle may not read "never committed"
// and resend beside it: it waits on the attempt's lock (sql/022), ends the old session (the
// claim has committed locally by then) and reads the row. Whatever the claimer is told must
// be what the database holds once the old claim is gone (without the attempt lock: told
// busy by the resend, which waited for the old claim's row, and assigned all the same).
void FaultProxyTest::lostClaimStillCommittingIsNeverSettledBesideIt()
{
    const ConnectionSettings direct = m_cluster.freshDatabase(QStringLiteral("fault_straggler"));
    const int port = freeLoopbackPort();
    QVERIFY(port > 0);
    const auto viaProxy = throughProxy(port, direct);
    QVERIFY(viaProxy);
    const qint64 claimer = m_cluster.addDriver(QStringLiteral("Straggler"));
    const qint64 order = m_cluster.addReadyOrder();
    const QString app = QStringLiteral("dispatch-console/fault-straggler");
    auto watch = m_cluster.connect(QStringLiteral("fault-watch"));
    const auto standby = [&](const QString &names) {
        QSqlQuery q(watch->database());
        return q.exec(
                   QStringLiteral("ALTER SYSTEM SET synchronous_standby_names = '%1'").arg(names))
            && q.exec(QStringLiteral("SELECT pg_reload_conf()"));
    };
    // The fixture commits asynchronously (no wait at all); this database does not.
    QSqlQuery durable(watch->database());
    QVERIFY_SQL(durable,
                exec(QStringLiteral("ALTER DATABASE %1 SET synchronous_commit = on")
                         .arg(direct.database())));
    QVERIFY(standby(QStringLiteral("nobody")));
    const auto cleanup = qScopeGuard([&] { standby(QString()); });

    QProcess proxy;
    QVERIFY(startProxy(proxy, port));
    ClaimOutcome outcome;
    std::thread client([&] {
        DatabaseConnection connection(*viaProxy, QStringLiteral("fault-straggler"));
        if (const QSqlError error = connection.open(); error.isValid()) {
            qWarning("cannot connect through the proxy: %s", qPrintable(error.text()));
            return;
        }
        OrderRepository repository(connection);
        outcome = repository.claim(order, claimer, ClaimSource::Simulation,
                                   QStringLiteral("fault:straggler"));
    });
    const auto scalar = [&](const QString &sql) {
        QSqlQuery q(watch->database());
        q.prepare(sql);
        q.addBindValue(app);
        return q.exec() && q.next() ? q.value(0).toLongLong() : -1;
    };
    const bool sent = QTest::qWaitFor(
        [&] {
            return scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity"
                                         " WHERE wait_event = 'SyncRep' AND application_name = ?"))
                == 1;
        },
        20000);
    proxy.kill(); // the cut, while the claim waits for the standby
    proxy.waitForFinished(5000);
    QProcess again; // the network comes back
    QVERIFY(startProxy(again, port, true));
    client.join();
    again.kill();
    again.waitForFinished(5000);
    QVERIFY2(sent, "the claim never reached the commit");
    QVERIFY(standby(QString())); // the standby "answers": a commit still waiting ends
    QTRY_COMPARE_WITH_TIMEOUT(
        scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")),
        0, 20000);

    const qint64 holder
        = m_cluster
              .scalar(QStringLiteral("SELECT coalesce(driver_id, 0) FROM orders WHERE id = ?"),
                      { order })
              .toLongLong();
    qInfo("lost claim still committing: told %s (%s); the order's driver is %lld",
          qPrintable(outcome.codeName()), qPrintable(outcome.detail), holder);
    QVERIFY(outcome.code != OutcomeCode::ResultUnknown); // the lock said when to read
    QCOMPARE(holder == claimer, outcome.code == OutcomeCode::Assigned);
}

QTEST_GUILESS_MAIN(FaultProxyTest)
#include "tst_faultproxy.moc"
