// The support inspector: an order's page (row, lifecycle, every claim attempt), a driver's
// page, search that means what was typed, a read-only connection, the support role that
// cannot write, and a first page on a million orders that does not scan the table.

#include "claims/orderrepository.h"
#include "core/claimoutcome.h"
#include "inspector/inspectorpages.h"
#include "inspector/inspectorsearchmodel.h"
#include "inspector/inspectorsession.h"
#include "inspector/inspectorwindow.h"
#include "testcluster.h"

#include <QClipboard>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QListWidget>
#include <QSqlDriver>
#include <QSqlField>
#include <QTableView>

class InspectorTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void pageListsWinnerAndBothConflictsInTimeOrder();
    void plainSqlUpdateShowsAsDirectSql();
    void holdAndReleaseShowInTheLifecycle();
    void driverPageCountsWinsAndConflicts();
    void aBusyDriversPageReadsOnlyTheNewest();
    void windowShowsWinnerAndConflictsInWordsAndColour();
    void missingOrderPageSaysThereIsNoSuchOrder();
    void orderWonTwiceIsFlaggedAboveItsAttempts();
    void resultColumnIsNotCutOffInANarrowWindow();
    void inspectorConnectionIsReadOnly();
    void supportLoginCannotClaimReleaseOrHold();
    void searchInputMeansWhatWasTyped_data();
    void searchInputMeansWhatWasTyped();
    void keysetPagesWalkForwardAndBack();
    void migrationRunsAgainInASecondDatabase();
    void millionOrdersFirstPageWithoutSequentialScan_data();
    void millionOrdersFirstPageWithoutSequentialScan();

private:
    // EXPLAIN of exactly what QPSQL sends for a prepared query: PREPARE … AS <sql with $n>,
    // then EXECUTE with the values formatted by the driver.
    QString explain(const InspectorSearchModel::Statement &statement);
    qint64 count(const QString &table);
    void ddl(const QString &sql);

    TestCluster m_cluster;
    qint64 m_alice = 0;
    qint64 m_bob = 0;
    qint64 m_carol = 0;
    qint64 m_racedOrder = 0;
    bool m_bigLoaded = false;
};

void InspectorTest::initTestCase()
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
    m_cluster.freshDatabase(QStringLiteral("inspector"));
}

void InspectorTest::ddl(const QString &sql)
{
    // QPSQL prepares with PREPARE, which takes no DDL: send it as it is.
    auto connection = m_cluster.connect(QStringLiteral("ddl"));
    QSqlQuery query(connection->database());
    if (!query.exec(sql))
        QFAIL(qPrintable(sql + QStringLiteral(" -- ") + query.lastError().text()));
}

qint64 InspectorTest::count(const QString &table)
{
    return m_cluster.scalar(QStringLiteral("SELECT count(*) FROM %1").arg(table)).toLongLong();
}

void InspectorTest::pageListsWinnerAndBothConflictsInTimeOrder()
{
    m_alice = m_cluster.addDriver(QStringLiteral("Alice"));
    m_bob = m_cluster.addDriver(QStringLiteral("Bob"));
    m_carol = m_cluster.addDriver(QStringLiteral("Carol"));
    m_racedOrder = m_cluster.addReadyOrder(QStringLiteral("Race Customer"));

    auto connection = m_cluster.connect(QStringLiteral("claims"));
    OrderRepository repository(*connection);
    QCOMPARE(repository.claim(m_racedOrder, m_alice, ClaimSource::Http, QStringLiteral("driver:a"))
                 .httpStatus(),
             200);
    QCOMPARE(repository.claim(m_racedOrder, m_bob, ClaimSource::Http, QStringLiteral("driver:b"))
                 .httpStatus(),
             409);
    QCOMPARE(repository.claim(m_racedOrder, m_carol, ClaimSource::Simulation).httpStatus(), 409);

    InspectorSession session(m_cluster.settings());
    const OrderPage page = session.loadOrder(m_racedOrder);
    QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
    QVERIFY(page.found);
    QCOMPARE(page.status, QStringLiteral("driver_assigned"));
    QCOMPARE(page.driverName, QStringLiteral("Alice"));

    QCOMPARE(page.attempts.size(), 3);
    const QList<qint64> drivers { m_alice, m_bob, m_carol };
    const QList<int> statuses { 200, 409, 409 };
    for (int i = 0; i < 3; ++i) {
        const ClaimAttemptEntry &attempt = page.attempts.at(i);
        QCOMPARE(attempt.driverId, drivers.at(i));
        QCOMPARE(attempt.httpStatus, statuses.at(i));
        QVERIFY(attempt.at.isValid());
        QVERIFY(attempt.latencyUs >= 0);
        QVERIFY(attempt.latencyText().endsWith(QLatin1String(" ms")));
        if (i > 0) {
            QVERIFY(page.attempts.at(i - 1).at <= attempt.at);
            QVERIFY(attempt.isConflict());
            QCOMPARE(attempt.outcome, QStringLiteral("ORDER_ALREADY_ASSIGNED"));
            QCOMPARE(attempt.holderId, std::optional<qint64>(m_alice));
            QCOMPARE(attempt.holderName, QStringLiteral("Alice"));
        }
    }
    QVERIFY(page.attempts.at(0).isWin());
    QCOMPARE(page.attempts.at(0).source, QStringLiteral("http"));
    QCOMPARE(page.attempts.at(2).source, QStringLiteral("simulation"));
    QCOMPARE(page.wins(), 1);
    QCOMPARE(page.conflicts(), 2);

    // Every column of the row, labelled.
    QStringList labels;
    for (const LabelledField &field : page.fields)
        labels << field.label;
    for (const char *label :
         { "Order", "Status", "Driver", "Active", "Customer", "Pickup", "Drop-off", "Total",
           "Created at", "Ready at", "Assigned at", "Updated at", "Held by", "Held until" })
        QVERIFY2(labels.contains(QLatin1String(label)), label);

    // The lifecycle: created, then assigned to Alice over HTTP.
    QVERIFY(page.lifecycle.size() >= 2);
    QCOMPARE(page.lifecycle.first().kind, LifecycleEvent::Kind::Created);
    const LifecycleEvent &assigned = page.lifecycle.last();
    QCOMPARE(assigned.kind, LifecycleEvent::Kind::Assignment);
    QCOMPARE(assigned.newDriverId, std::optional<qint64>(m_alice));
    QCOMPARE(assigned.source, QStringLiteral("http"));
    QCOMPARE(assigned.sourceLabel(), QStringLiteral("HTTP"));
    QCOMPARE(assigned.actor, QStringLiteral("driver:a"));

    // Copy as text says the same, in the same order.
    const QString text = page.toPlainText();
    const qsizetype won = text.indexOf(QStringLiteral("— won"));
    const qsizetype bobLost = text.indexOf(QLatin1String("Bob (#"));
    const qsizetype carolLost = text.indexOf(QLatin1String("Carol (#"));
    QVERIFY2(won > 0 && bobLost > won && carolLost > bobLost, qPrintable(text));
    QVERIFY(text.contains(QLatin1String("lost (409): held by Alice")));
    QVERIFY(text.contains(QLatin1String("1 won, 2 conflicts (409)")));
}

void InspectorTest::plainSqlUpdateShowsAsDirectSql()
{
    const qint64 order = m_cluster.addReadyOrder(QStringLiteral("Psql Customer"));
    // What someone types into psql: no dispatch.source, so the trigger says "direct SQL".
    m_cluster.exec(QStringLiteral("UPDATE orders SET status = 'cancelled' WHERE id = ?"),
                   { order });

    InspectorSession session(m_cluster.settings());
    const OrderPage page = session.loadOrder(order);
    QVERIFY2(page.found, qPrintable(page.error));
    const LifecycleEvent &last = page.lifecycle.last();
    QCOMPARE(last.kind, LifecycleEvent::Kind::StatusChange);
    QCOMPARE(last.oldStatus, QStringLiteral("ready"));
    QCOMPARE(last.newStatus, QStringLiteral("cancelled"));
    QCOMPARE(last.source, QStringLiteral("direct SQL"));
    QCOMPARE(last.sourceLabel(), QStringLiteral("direct SQL"));
    QVERIFY(!last.actor.isEmpty()); // the database role that ran it

    const QString csv = page.historyCsv();
    const QStringList rows = csv.split(QLatin1String("\r\n"), Qt::SkipEmptyParts);
    QCOMPARE(rows.size(), 1 + int(page.lifecycle.size()));
    QVERIFY(rows.first().startsWith(QLatin1String("order_id,history_id,changed_at_utc")));
    QVERIFY2(rows.last().contains(QLatin1String(",ready,cancelled,")), qPrintable(rows.last()));
    QVERIFY(rows.last().contains(QLatin1String(",direct SQL,")));
}

void InspectorTest::holdAndReleaseShowInTheLifecycle()
{
    const qint64 order = m_cluster.addReadyOrder(QStringLiteral("Hold Customer"));
    auto connection = m_cluster.connect(QStringLiteral("dispatcher"));
    OrderRepository repository(*connection);
    QVERIFY(repository.hold(order, QStringLiteral("console:dana"), 60).isSuccess());
    QVERIFY(repository.claim(order, m_bob, ClaimSource::Console, QStringLiteral("console:dana"))
                .isSuccess());
    QVERIFY(repository
                .release(order, m_bob, ClaimSource::Console, QStringLiteral("console:dana"),
                         QStringLiteral("wrong driver"))
                .isSuccess());

    InspectorSession session(m_cluster.settings());
    const OrderPage page = session.loadOrder(order);
    QVERIFY2(page.found, qPrintable(page.error));
    QList<LifecycleEvent::Kind> kinds;
    for (const LifecycleEvent &event : page.lifecycle)
        kinds << event.kind;
    const QList<LifecycleEvent::Kind> expected { LifecycleEvent::Kind::Created,
                                                 LifecycleEvent::Kind::Hold,
                                                 LifecycleEvent::Kind::Assignment,
                                                 LifecycleEvent::Kind::Release };
    QCOMPARE(kinds, expected);
    QCOMPARE(page.lifecycle.at(1).newReservedBy, QStringLiteral("console:dana"));
    QCOMPARE(page.lifecycle.at(3).reason, QStringLiteral("wrong driver"));
    QCOMPARE(page.lifecycle.at(3).source, QStringLiteral("console"));
    QVERIFY(page.toPlainText().contains(QLatin1String("reason: wrong driver")));
}

void InspectorTest::driverPageCountsWinsAndConflicts()
{
    InspectorSession session(m_cluster.settings());
    const DriverPage alice = session.loadDriver(m_alice);
    QVERIFY2(alice.found, qPrintable(alice.error));
    QCOMPARE(alice.name, QStringLiteral("Alice"));
    QCOMPARE(alice.wins, 1);
    QCOMPARE(alice.conflicts, 0);
    QCOMPARE(alice.currentOrders.size(), 1);
    QCOMPARE(alice.currentOrders.first().orderId, m_racedOrder);

    const DriverPage bob = session.loadDriver(m_bob);
    QVERIFY2(bob.found, qPrintable(bob.error));
    QCOMPARE(bob.wins, 1); // the held order, released again
    QCOMPARE(bob.conflicts, 1); // lost the race to Alice
    QCOMPARE(bob.currentOrders.size(), 0);
    QCOMPARE(bob.pastOrders.size(), 1); // held once, released since
    QCOMPARE(bob.recentAttempts.size(), 2);
    QVERIFY(bob.toPlainText().contains(QLatin1String("1 won, 1 conflicts (409)")));

    const DriverPage nobody = session.loadDriver(987654);
    QVERIFY(!nobody.found);
    QVERIFY(nobody.error.isEmpty());
}

void InspectorTest::aBusyDriversPageReadsOnlyTheNewest()
{
    // A year of history must not make the page read all of it (bench/history.sh: 341 ms
    // at 100,000 attempts per driver): the counts cover the newest 1,000 attempts and say
    // so; the past orders are the newest 500 from the index, in-progress ones left out.
    const qint64 dave = m_cluster.addDriver(QStringLiteral("Dave"));
    const qint64 contested = m_cluster.addReadyOrder(QStringLiteral("Contested"));
    // 200 old wins, then 300 wins and 700 conflicts in the last hour.
    m_cluster.exec(
        QStringLiteral(
            "INSERT INTO claim_attempts (order_id, driver_id, source, actor,"
            "                            attempted_at, latency_us, outcome)"
            " SELECT ?::bigint, ?::bigint, 'http', 'test:busy',"
            "        CASE WHEN g <= 200 THEN now() - interval '200 days' + g * interval '1 s'"
            "             ELSE now() - interval '1 hour' + g * interval '1 s' END, 100,"
            "        CASE WHEN g <= 200 OR g % 10 < 3 THEN 'ASSIGNED'"
            "             ELSE 'ORDER_ALREADY_ASSIGNED' END"
            "   FROM generate_series(1, 1200) g"),
        { contested, dave });
    // 600 orders Dave held once (three changes each), the two newest in progress with him.
    const qint64 first
        = m_cluster
              .scalar(QStringLiteral("WITH made AS (INSERT INTO orders (status, customer, pickup,"
                                     "                                  dropoff, ready_at)"
                                     "  SELECT 'ready', 'Busy ' || g, 'Kitchen', 'Street', now()"
                                     "    FROM generate_series(1, 600) g RETURNING id)"
                                     " SELECT min(id) FROM made"))
              .toLongLong();
    m_cluster.exec(QStringLiteral("INSERT INTO order_history (order_id, operation, old_status,"
                                  "                           new_status, new_driver_id, source,"
                                  "                           actor)"
                                  " SELECT o, 'UPDATE', 'ready', 'driver_assigned', ?::bigint,"
                                  "        'http', 'test:busy'"
                                  "   FROM generate_series(?::bigint, ?::bigint + 599) o,"
                                  "        generate_series(1, 3)"),
                   { dave, first, first });
    m_cluster.exec(QStringLiteral("UPDATE orders SET status = 'driver_assigned', driver_id = ?,"
                                  " assigned_at = now() WHERE id >= ?::bigint + 598"
                                  "   AND id <= ?::bigint + 599"),
                   { dave, first, first });

    // And three newer orders delivered by Dave that only the orders table knows (made with
    // the triggers off: no history row names him).
    const qint64 delivered
        = m_cluster
              .scalar(
                  QStringLiteral(
                      "WITH made AS (INSERT INTO orders (status, customer, pickup, dropoff, "
                      "ready_at,"
                      "                                  driver_id, assigned_at)"
                      "  SELECT 'delivered', 'Done ' || g, 'Kitchen', 'Street', now(), ?::bigint,"
                      "         now() FROM generate_series(1, 3) g RETURNING id)"
                      " SELECT min(id) FROM made"),
                  { dave })
              .toLongLong();
    m_cluster.exec(QStringLiteral("DELETE FROM order_history WHERE order_id >= ?::bigint"),
                   { delivered });

    InspectorSession session(m_cluster.settings());
    const DriverPage page = session.loadDriver(dave);
    QVERIFY2(page.found, qPrintable(page.error));
    QVERIFY(page.countsCapped);
    QCOMPARE(page.wins, 300);
    QCOMPARE(page.conflicts, 700);
    QCOMPARE(page.otherAttempts, 0);
    QVERIFY(page.toPlainText().contains(
        QLatin1String("of the last 1000 attempts: 300 won, 700 conflicts (409)")));
    QCOMPARE(page.currentOrders.size(), 2);
    QCOMPARE(page.pastOrders.size(), DriverPage::kMaxOrders);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(page.pastOrders.at(i).orderId, delivered + 2 - i);
    for (int i = 3; i < page.pastOrders.size(); ++i)
        QCOMPARE(page.pastOrders.at(i).orderId, first + 600 - i); // newest first, none twice
}

void InspectorTest::windowShowsWinnerAndConflictsInWordsAndColour()
{
    // An order with a life: made in psql, held by a dispatcher, won over HTTP by Alice while
    // Bob and Carol got 409, then picked up (psql again).
    const qint64 order
        = m_cluster
              .scalar(QStringLiteral(
                  "INSERT INTO orders (status, customer, pickup, dropoff, total)"
                  " VALUES ('preparing', 'Maria Rossi', 'Luigi''s Kitchen, 4 Market St',"
                  "         '22 Elm Road, flat 3', 38.50) RETURNING id"))
              .toLongLong();
    m_cluster.exec(
        QStringLiteral("UPDATE orders SET status = 'ready', ready_at = now() WHERE id = ?"),
        { order });
    auto connection = m_cluster.connect(QStringLiteral("screenshot"));
    OrderRepository repository(*connection);
    QVERIFY(repository.hold(order, QStringLiteral("console:dana"), 30).isSuccess());
    QVERIFY(repository.unhold(order, QStringLiteral("console:dana")));
    QCOMPARE(repository.claim(order, m_alice, ClaimSource::Http, QStringLiteral("driver:alice"))
                 .httpStatus(),
             200);
    QCOMPARE(repository.claim(order, m_bob, ClaimSource::Http, QStringLiteral("driver:bob"))
                 .httpStatus(),
             409);
    QCOMPARE(repository.claim(order, m_carol, ClaimSource::Simulation).httpStatus(), 409);
    m_cluster.exec(QStringLiteral("UPDATE orders SET status = 'picked_up' WHERE id = ?"),
                   { order });

    InspectorWindow window(m_cluster.settings());
    window.search(QString::number(order)); // one hit by number opens the page
    QCOMPARE(window.orderPage().orderId, order);
    QVERIFY2(window.orderPage().found, qPrintable(window.statusText()));

    const QAbstractItemModel *attempts = window.attemptsTable()->model();
    QCOMPARE(attempts->rowCount(), 3);
    const int result = attempts->columnCount() - 1;
    const auto text = [attempts, result](int row) {
        return attempts->index(row, result).data().toString();
    };
    const auto background = [attempts, result](int row) {
        return attempts->index(row, result).data(Qt::BackgroundRole).value<QBrush>();
    };
    QCOMPARE(text(0), QStringLiteral("WON"));
    QVERIFY(text(1).startsWith(QLatin1String("LOST 409")));
    QVERIFY(text(1).contains(QLatin1String("Alice")));
    QVERIFY(text(2).startsWith(QLatin1String("LOST 409")));
    QVERIFY(background(0) != background(1));
    QCOMPARE(background(1), background(2));
    QCOMPARE(attempts->index(0, result).data(Qt::FontRole).value<QFont>().bold(), true);
    QCOMPARE(window.lifecycleList()->count(), int(window.orderPage().lifecycle.size()));
    QVERIFY(window.lifecycleList()->item(1)->text().contains(QLatin1String("direct SQL")));

    // Copy as text and CSV export hand over the same page.
    QCOMPARE(window.pageText(), window.orderPage().toPlainText());
    QTemporaryDir dir;
    const QString csvPath = dir.filePath(QStringLiteral("history.csv"));
    QVERIFY(window.exportHistoryCsv(csvPath));
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(csv.readAll()), window.orderPage().historyCsv());

    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.attemptsTable()->setFocus();
    QGuiApplication::clipboard()->clear();
    QTest::keySequence(window.attemptsTable(), QKeySequence::Copy);
    QCOMPARE(QGuiApplication::clipboard()->text(), window.orderPage().toPlainText());

    // The README's screenshot: DISPATCH_SCREENSHOT=docs/screenshots/inspector.png
    const QString screenshot = qEnvironmentVariable("DISPATCH_SCREENSHOT");
    if (!screenshot.isEmpty()) {
        window.resize(1500, 860);
        window.resultsView()->resizeColumnsToContents();
        QTest::qWait(50);
        QVERIFY(window.grab().save(screenshot));
        qInfo("screenshot written to %s", qPrintable(screenshot));
    }
}

void InspectorTest::missingOrderPageSaysThereIsNoSuchOrder()
{
    // What `--inspect 99999` shows: the title says the order is not there, not "Order 99999".
    const qint64 missing = m_cluster
                               .scalar(QStringLiteral("SELECT coalesce(max(id), 0) + 1000 "
                                                      "FROM orders"))
                               .toLongLong();
    InspectorWindow window(m_cluster.settings());
    window.showOrder(missing);
    QVERIFY(!window.orderPage().found);
    QCOMPARE(window.orderTitleText(), QStringLiteral("No order %1").arg(missing));
    QCOMPARE(window.statusText(), QStringLiteral("There is no order %1.").arg(missing));
    QCOMPARE(window.attemptsTable()->model()->rowCount(), 0);
}

void InspectorTest::orderWonTwiceIsFlaggedAboveItsAttempts()
{
    // Alice wins, releases it, Bob wins it again: legal, and exactly what support asks about.
    const qint64 order = m_cluster.addReadyOrder(QStringLiteral("Twice Won"));
    auto connection = m_cluster.connect(QStringLiteral("twice"));
    OrderRepository repository(*connection);
    QCOMPARE(repository.claim(order, m_alice, ClaimSource::Http).httpStatus(), 200);
    QVERIFY(repository.release(order, m_alice, ClaimSource::Console).isSuccess());
    QCOMPARE(repository.claim(order, m_bob, ClaimSource::Http).httpStatus(), 200);

    InspectorWindow window(m_cluster.settings());
    window.showOrder(order);
    QCOMPARE(window.orderPage().wins(), 2);
    QVERIFY2(window.attemptsSummaryText().startsWith(QStringLiteral("⚠ Won 2 times")),
             qPrintable(window.attemptsSummaryText()));

    // One win is not flagged.
    window.showOrder(m_racedOrder);
    QCOMPARE(window.orderPage().wins(), 1);
    QVERIFY2(!window.attemptsSummaryText().contains(QStringLiteral("⚠")),
             qPrintable(window.attemptsSummaryText()));
}

void InspectorTest::resultColumnIsNotCutOffInANarrowWindow()
{
    InspectorWindow window(m_cluster.settings());
    window.resize(900, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.showOrder(m_racedOrder);
    QTableView *attempts = window.attemptsTable();
    QCOMPARE(attempts->model()->rowCount(), 3);
    const int result = attempts->model()->columnCount() - 1;
    QVERIFY(attempts->model()->index(1, result).data().toString().contains(
        QLatin1String("held by Alice")));
    // What the verdict needs (the widest of its cells) is what it gets.
    const int needed = static_cast<QAbstractItemView *>(attempts)->sizeHintForColumn(result);
    QTRY_VERIFY2(attempts->columnWidth(result) >= needed,
                 qPrintable(QStringLiteral("Result column %1 px, its text needs %2 px")
                                .arg(attempts->columnWidth(result))
                                .arg(needed)));
}

void InspectorTest::inspectorConnectionIsReadOnly()
{
    // Even as the superuser the inspector's connection refuses to write.
    InspectorSession session(m_cluster.settings());
    QVERIFY(session.isReadOnly());
    const QString statusBefore
        = m_cluster
              .scalar(QStringLiteral("SELECT status FROM orders WHERE id = ?"), { m_racedOrder })
              .toString();
    QString error;
    QVERIFY(!session.run(QStringLiteral("UPDATE orders SET status = 'delivered' WHERE id = ?"),
                         { m_racedOrder }, &error));
    QVERIFY2(error.contains(QLatin1String("read-only")), qPrintable(error));
    QVERIFY(!session.run(QStringLiteral("SELECT * FROM claim_order(?, ?, 'console')"),
                         { m_cluster.addReadyOrder(), m_bob }, &error));
    QVERIFY2(error.contains(QLatin1String("read-only")), qPrintable(error));
    QCOMPARE(
        m_cluster.scalar(QStringLiteral("SELECT status FROM orders WHERE id = ?"), { m_racedOrder })
            .toString(),
        statusBefore);
}

void InspectorTest::supportLoginCannotClaimReleaseOrHold()
{
    ddl(QStringLiteral("DROP ROLE IF EXISTS support_sam"));
    ddl(QStringLiteral("CREATE ROLE support_sam LOGIN IN ROLE dispatch_support"));
    const ConnectionSettings admin = m_cluster.settings();
    const ConnectionSettings support = ConnectionSettings::localSocket(
        admin.host(), admin.port(), QStringLiteral("support_sam"), admin.database());

    const qint64 ready = m_cluster.addReadyOrder(QStringLiteral("Support Customer"));
    const auto snapshot = [this, ready]() {
        return QStringList {
            QString::number(count(QStringLiteral("orders"))),
            QString::number(count(QStringLiteral("order_history"))),
            QString::number(count(QStringLiteral("claim_attempts"))),
            m_cluster
                .scalar(QStringLiteral("SELECT concat_ws('/', status, driver_id, reserved_by)"
                                       " FROM orders WHERE id = ?"),
                        { ready })
                .toString(),
            m_cluster
                .scalar(QStringLiteral("SELECT concat_ws('/', status, driver_id, reserved_by)"
                                       " FROM orders WHERE id = ?"),
                        { m_racedOrder })
                .toString(),
        };
    };
    const QStringList before = snapshot();

    DatabaseConnection connection(support, QStringLiteral("support-claims"));
    QVERIFY2(!connection.open().isValid(), "support_sam must be able to log in");
    OrderRepository repository(connection);
    const QList<ClaimOutcome> outcomes {
        repository.claim(ready, m_bob, ClaimSource::Console, QStringLiteral("console:sam")),
        repository.release(m_racedOrder, m_alice, ClaimSource::Console,
                           QStringLiteral("console:sam")),
        repository.hold(ready, QStringLiteral("console:sam")),
    };
    // The permission outcome (42501 -> PERMISSION_DENIED, 403) is the lead's change to
    // claimoutcome.* / orderrepository.cpp. TODO(issue 5): once it is in every build, drop
    // the DATABASE_UNAVAILABLE branch; until then that is what the older code answers.
    const bool hasPermissionOutcome = outcomeCodeFromName(u"PERMISSION_DENIED").has_value();
    for (const ClaimOutcome &outcome : outcomes) {
        QVERIFY(!outcome.isSuccess());
        if (hasPermissionOutcome) {
            QCOMPARE(outcome.codeName(), QStringLiteral("PERMISSION_DENIED"));
            QCOMPARE(outcome.httpStatus(), 403);
        } else {
            QCOMPARE(outcome.codeName(), QStringLiteral("DATABASE_UNAVAILABLE"));
        }
        QVERIFY2(outcome.detail.contains(QLatin1String("permission denied")),
                 qPrintable(outcome.detail));
    }

    // The server says why: 42501, for the functions and for a direct UPDATE alike.
    QSqlQuery query(connection.database());
    QVERIFY(!query.exec(
        QStringLiteral("SELECT * FROM claim_order(%1, %2, 'console')").arg(ready).arg(m_bob)));
    QCOMPARE(query.lastError().nativeErrorCode(), QStringLiteral("42501"));
    QVERIFY(!query.exec(
        QStringLiteral("UPDATE orders SET status = 'cancelled' WHERE id = %1").arg(ready)));
    QCOMPARE(query.lastError().nativeErrorCode(), QStringLiteral("42501"));
    QVERIFY(!query.exec(QStringLiteral("SELECT api_token_hash FROM drivers")));
    QCOMPARE(query.lastError().nativeErrorCode(), QStringLiteral("42501"));

    QCOMPARE(snapshot(), before);

    // And the same login reads everything the inspector shows.
    InspectorSession session(support);
    const OrderPage page = session.loadOrder(m_racedOrder);
    QVERIFY2(page.found, qPrintable(page.error));
    QCOMPARE(page.attempts.size(), 3);
    const DriverPage driver = session.loadDriver(m_alice);
    QVERIFY2(driver.found, qPrintable(driver.error));
    InspectorSearchModel search(&session);
    QVERIFY2(search.search(QStringLiteral("Race")), qPrintable(search.message()));
    QCOMPARE(search.rowCount(), 1);
}

void InspectorTest::searchInputMeansWhatWasTyped_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("field");
    QTest::addColumn<QStringList>("expectedCustomers"); // exactly these, any order
    QTest::addColumn<QString>("expectedMessage"); // a part of message(); "" = none

    const auto any = int(InspectorSearchModel::Field::Any);
    const auto customer = int(InspectorSearchModel::Field::Customer);
    QTest::newRow("10 KB") << QString(10240, QLatin1Char('x')) << any << QStringList()
                           << QStringLiteral("10240 characters long");
    QTest::newRow("10 KB of digits") << QString(10240, QLatin1Char('7')) << any << QStringList()
                                     << QStringLiteral("characters long");
    QTest::newRow("unicode") << QStringLiteral("東京") << any
                             << QStringList { QStringLiteral("Zoë 東京 🚚") } << QString();
    QTest::newRow("emoji") << QStringLiteral("🚚") << customer
                           << QStringList { QStringLiteral("Zoë 東京 🚚") } << QString();
    QTest::newRow("percent is literal")
        << QStringLiteral("%") << any << QStringList { QStringLiteral("100% Pure") } << QString();
    QTest::newRow("underscore is literal")
        << QStringLiteral("_") << any << QStringList { QStringLiteral("snake_case Ltd") }
        << QString();
    QTest::newRow("backslash is literal")
        << QStringLiteral("\\") << any << QStringList { QStringLiteral("back\\slash") }
        << QString();
    QTest::newRow("quotes") << QStringLiteral("O'Brien \"Q\"") << any
                            << QStringList { QStringLiteral("O'Brien \"Q\"") } << QString();
    QTest::newRow("injection") << QStringLiteral("'; DROP TABLE orders; --") << any << QStringList()
                               << QStringLiteral("No order matches");
    QTest::newRow("trimmed") << QStringLiteral("   snake_case  \n") << customer
                             << QStringList { QStringLiteral("snake_case Ltd") } << QString();
    QTest::newRow("control characters")
        << QStringLiteral("snake\x01") << customer
        << QStringList { QStringLiteral("snake_case Ltd") } << QString();
    QTest::newRow("NUL") << QString(QChar(0)) + QStringLiteral("Pure") << customer
                         << QStringList { QStringLiteral("100% Pure") } << QString();
    QTest::newRow("lone surrogate")
        << QString(QChar(0xD800)) << any << QStringList() << QStringLiteral("not valid text");
    QTest::newRow("huge order number") << QStringLiteral("99999999999999999999") << any
                                       << QStringList() << QStringLiteral("not an order number");
    QTest::newRow("not a number as order id")
        << QStringLiteral("abc") << int(InspectorSearchModel::Field::OrderId) << QStringList()
        << QStringLiteral("not an order number");
    QTest::newRow("driver by name")
        << QStringLiteral("alice") << int(InspectorSearchModel::Field::Driver)
        << QStringList { QStringLiteral("Maria Rossi"), QStringLiteral("Race Customer") }
        << QString();
}

void InspectorTest::searchInputMeansWhatWasTyped()
{
    QFETCH(QString, input);
    QFETCH(int, field);
    QFETCH(QStringList, expectedCustomers);
    QFETCH(QString, expectedMessage);

    if (m_cluster.scalar(QStringLiteral("SELECT count(*) FROM orders WHERE customer = '100% Pure'"))
            .toInt()
        == 0) {
        for (const QString &name :
             { QStringLiteral("Zoë 東京 🚚"), QStringLiteral("100% Pure"),
               QStringLiteral("snake_case Ltd"), QStringLiteral("back\\slash"),
               QStringLiteral("O'Brien \"Q\"") })
            m_cluster.addReadyOrder(name);
    }

    InspectorSession session(m_cluster.settings());
    InspectorSearchModel model(&session);
    const bool ok = model.search(input, InspectorSearchModel::Field(field));
    QStringList customers;
    for (int row = 0; row < model.rowCount(); ++row)
        customers
            << model.index(row, int(InspectorSearchModel::Column::Customer)).data().toString();
    customers.sort();
    expectedCustomers.sort();
    QCOMPARE(customers, expectedCustomers);
    if (expectedMessage.isEmpty()) {
        QVERIFY2(ok, qPrintable(model.message()));
        QVERIFY2(model.message().isEmpty(), qPrintable(model.message()));
    } else {
        QVERIFY2(model.message().contains(expectedMessage), qPrintable(model.message()));
    }
    // Never a raw database error: nothing that looks like SQL or a server message.
    QVERIFY(!model.message().contains(QLatin1String("ERROR")));
    QVERIFY(!model.message().contains(QLatin1String("SELECT")));
}

void InspectorTest::keysetPagesWalkForwardAndBack()
{
    m_cluster.exec(QStringLiteral("INSERT INTO orders (status, customer, pickup, dropoff)"
                                  " SELECT 'pending', 'Pager ' || i, 'P Kitchen', i || ' Page Road'"
                                  "   FROM generate_series(1, 250) AS i"));
    InspectorSession session(m_cluster.settings());
    InspectorSearchModel model(&session);
    model.setPageSize(100);
    QVERIFY2(model.search(QStringLiteral("Pager"), InspectorSearchModel::Field::Customer),
             qPrintable(model.message()));
    QCOMPARE(model.rowCount(), 100);
    QVERIFY(model.hasNextPage());
    QVERIFY(!model.hasPreviousPage());
    const qint64 firstOfPage1 = model.orderIdAt(0);
    const qint64 lastOfPage1 = model.orderIdAt(99);
    QVERIFY(firstOfPage1 > lastOfPage1); // newest first

    QVERIFY(model.nextPage());
    QCOMPARE(model.pageNumber(), 2);
    QCOMPARE(model.rowCount(), 100);
    QVERIFY(model.orderIdAt(0) < lastOfPage1);
    QVERIFY(model.statement().values.contains(QVariant(lastOfPage1)));

    QVERIFY(model.nextPage());
    QCOMPARE(model.rowCount(), 50);
    QVERIFY(!model.hasNextPage());
    QVERIFY(!model.nextPage());

    QVERIFY(model.previousPage());
    QVERIFY(model.previousPage());
    QCOMPARE(model.pageNumber(), 1);
    QCOMPARE(model.orderIdAt(0), firstOfPage1);
}

void InspectorTest::migrationRunsAgainInASecondDatabase()
{
    // The roles exist already (cluster-wide); the migration must still pass and grant here.
    const ConnectionSettings first = m_cluster.settings();
    m_cluster.freshDatabase(QStringLiteral("inspector_second"));
    const auto yes = [this](const QString &sql) {
        return m_cluster.scalar(sql).toBool();
    };
    QVERIFY(
        yes(QStringLiteral("SELECT has_table_privilege('dispatch_support', 'orders', 'SELECT')")));
    QVERIFY(
        !yes(QStringLiteral("SELECT has_table_privilege('dispatch_support', 'orders', 'UPDATE')")));
    QVERIFY(!yes(QStringLiteral("SELECT has_function_privilege('dispatch_support',"
                                " 'claim_order(bigint,bigint,text,text)', 'EXECUTE')")));
    QVERIFY(yes(QStringLiteral("SELECT has_function_privilege('dispatch_dispatcher',"
                               " 'hold_order(bigint,text,integer)', 'EXECUTE')")));
    QVERIFY(!yes(
        QStringLiteral("SELECT has_table_privilege('dispatch_dispatcher', 'orders', 'UPDATE')")));
    // A driver claims only as the driver its token names (sql/013, 014), never by id.
    QVERIFY(!yes(QStringLiteral("SELECT has_function_privilege('dispatch_driver',"
                                " 'claim_order(bigint,bigint,text,text)', 'EXECUTE')")));
    QVERIFY(yes(QStringLiteral("SELECT has_function_privilege('dispatch_driver',"
                               " 'driver_claim_order(bytea,bigint,uuid)', 'EXECUTE')")));
    QVERIFY(!yes(QStringLiteral("SELECT has_function_privilege('dispatch_driver',"
                                " 'hold_order(bigint,text,integer)', 'EXECUTE')")));
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral(
                     "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'dispatch\\_%'"))
                 .toInt(),
             4); // with sql/018's dispatch_trainer
    // Trigram indexes exactly when the server has pg_trgm (it may not: postgresql-contrib).
    QCOMPARE(
        yes(QStringLiteral("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm')")),
        yes(QStringLiteral("SELECT to_regclass('orders_customer_trgm_idx') IS NOT NULL")));
    Q_UNUSED(first)
}

QString InspectorTest::explain(const InspectorSearchModel::Statement &statement)
{
    QString sql = statement.sql;
    int n = 0;
    for (qsizetype i = sql.indexOf(QLatin1Char('?')); i >= 0;
         i = sql.indexOf(QLatin1Char('?'), i)) {
        const QString placeholder = QStringLiteral("$%1").arg(++n);
        sql.replace(i, 1, placeholder);
        i += placeholder.size();
    }
    auto connection = m_cluster.connect(QStringLiteral("explain"));
    QSqlQuery query(connection->database());
    if (!query.exec(QStringLiteral("PREPARE inspector_probe AS ") + sql))
        return QStringLiteral("PREPARE failed: ") + query.lastError().text();
    QStringList values;
    for (const QVariant &value : statement.values) {
        QSqlField field(QString(), value.metaType());
        field.setValue(value);
        values << connection->database().driver()->formatValue(field);
    }
    if (!query.exec(
            QStringLiteral("EXPLAIN (ANALYZE, COSTS OFF, BUFFERS OFF) EXECUTE inspector_probe(%1)")
                .arg(values.join(QLatin1String(", ")))))
        return QStringLiteral("EXPLAIN failed: ") + query.lastError().text();
    QStringList lines;
    while (query.next())
        lines << query.value(0).toString();
    return lines.join(QLatin1Char('\n'));
}

void InspectorTest::millionOrdersFirstPageWithoutSequentialScan_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("field");
    QTest::addColumn<bool>("secondPage");
    QTest::addColumn<QString>("expectedIndex");
    QTest::addColumn<int>("expectedRows");

    QTest::newRow("by order id") << QStringLiteral("777777")
                                 << int(InspectorSearchModel::Field::Any) << false
                                 << QStringLiteral("orders_pkey") << 1;
    QTest::newRow("by driver name")
        << QStringLiteral("Driver 377") << int(InspectorSearchModel::Field::Driver) << false
        << QStringLiteral("orders_driver_id_id_idx") << 100;
    QTest::newRow("by driver name, page 2")
        << QStringLiteral("Driver 377") << int(InspectorSearchModel::Field::Driver) << true
        << QStringLiteral("orders_driver_id_id_idx") << 100;
    QTest::newRow("by driver id") << QStringLiteral("#42")
                                  << int(InspectorSearchModel::Field::Driver) << false
                                  << QStringLiteral("orders_driver_id_id_idx") << 100;
}

void InspectorTest::millionOrdersFirstPageWithoutSequentialScan()
{
    QFETCH(QString, input);
    QFETCH(int, field);
    QFETCH(bool, secondPage);
    QFETCH(QString, expectedIndex);
    QFETCH(int, expectedRows);

    if (!m_bigLoaded) {
        m_cluster.freshDatabase(QStringLiteral("inspector_big"));
        QElapsedTimer timer;
        timer.start();
        // Bulk load without the history trigger (a million history rows would only slow
        // this down) and without the trigram indexes, which these searches do not use.
        ddl(QStringLiteral("ALTER TABLE orders DISABLE TRIGGER orders_record_change"));
        ddl(QStringLiteral("DROP INDEX IF EXISTS orders_customer_trgm_idx,"
                           " orders_pickup_trgm_idx, orders_dropoff_trgm_idx"));
        m_cluster.exec(
            QStringLiteral("INSERT INTO drivers (id, name)"
                           " SELECT i, 'Driver ' || i FROM generate_series(1, 1000) AS i"));
        QSqlQuery load = m_cluster.exec(QStringLiteral(
            "INSERT INTO orders (status, driver_id, customer, pickup, dropoff, total, ready_at,"
            "                    assigned_at)"
            " SELECT CASE WHEN i % 10 = 0 THEN 'ready' ELSE 'delivered' END,"
            "        CASE WHEN i % 10 = 0 THEN NULL ELSE 1 + i % 1000 END,"
            "        'Customer ' || i, 'Kitchen ' || (i % 50), i || ' Long Street', 10, now(), "
            "now()"
            "   FROM generate_series(1, 1000000) AS i"));
        QCOMPARE(load.numRowsAffected(), 1000000);
        ddl(QStringLiteral("ALTER TABLE orders ENABLE TRIGGER orders_record_change"));
        ddl(QStringLiteral("ANALYZE orders, drivers"));
        qInfo("loaded 1,000,000 orders in %lld ms", timer.elapsed());
        m_bigLoaded = true;
    }

    InspectorSession session(m_cluster.settings());
    InspectorSearchModel model(&session);
    QVERIFY2(model.search(input, InspectorSearchModel::Field(field)), qPrintable(model.message()));
    if (secondPage)
        QVERIFY(model.nextPage());
    QCOMPARE(model.rowCount(), expectedRows);

    // The plan of exactly the statement the model ran for the page on screen.
    const QString plan = explain(model.statement());
    qInfo("%s", qPrintable(plan));
    QVERIFY2(plan.contains(expectedIndex), qPrintable(plan));
    QVERIFY2(!plan.contains(QLatin1String("Seq Scan on orders")), qPrintable(plan));
}

QTEST_MAIN(InspectorTest)
#include "tst_inspector.moc"
