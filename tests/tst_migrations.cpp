// Migrations: the seed's names exist, re-running is a no-op, a newer schema is refused
// untouched, two consoles migrating an empty database at once end with one schema, and
// the constraints really constrain. A database left at 017 (everything in public) moves into
// schema dispatch (sql/020) with its rows, and keeps working for the console and for a
// client that sets nothing (psql, pgbench).

#include "db/demodata.h"
#include "db/migrator.h"
#include "testcluster.h"

#include <QSqlError>
#include <QSqlQuery>
#include <barrier>
#include <thread>

class MigrationsTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void bundledMigrationsAreNumberedInOrder();
    void freshDatabaseGetsTheSeedsIndexesAndConstraint();
    void migratingTwiceChangesNothing();
    void newerSchemaIsRefusedUntouched();
    void databaseOfAnotherBuildIsRefusedUntouched_data();
    void databaseOfAnotherBuildIsRefusedUntouched();
    void twoConsolesMigratingAtOnceEndWithOneSchema();
    void checkRejectsADriverOnAReadyOrder();
    void checkRejectsAnUnknownStatus();
    void directSqlChangeIsRecordedAsDirectSql();
    void demoDataStartsWithARealisticSpreadOfAges();
    void databaseAt017MovesIntoItsOwnSchemaAndKeepsWorking();
    void migrationByANonOwnerOfTheDatabaseStillMovesEverything();

private:
    QString catalogFingerprint();
    TestCluster m_cluster;
};

void MigrationsTest::initTestCase()
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
}

QString MigrationsTest::catalogFingerprint()
{
    // Every table, column, index, constraint and function of ours, as text.
    return m_cluster
        .scalar(QStringLiteral(
            "SELECT md5(string_agg(x, '|' ORDER BY x)) FROM ("
            "  SELECT 'col:' || table_schema || '.' || table_name || '.' || column_name || ':' || "
            "data_type AS x"
            "    FROM information_schema.columns WHERE table_schema IN ('public', 'dispatch')"
            "  UNION ALL SELECT 'idx:' || schemaname || '.' || indexname || ':' || indexdef FROM "
            "pg_indexes WHERE "
            "schemaname IN ('public', 'dispatch')"
            "  UNION ALL SELECT 'con:' || connamespace::regnamespace::text || '.' || conname || "
            "':' || pg_get_constraintdef(oid) FROM "
            "pg_constraint"
            "    WHERE connamespace::regnamespace::text IN ('public', 'dispatch')"
            "  UNION ALL SELECT 'fn:' || p.oid::regprocedure::text || md5(p.prosrc) FROM pg_proc p"
            "    WHERE pronamespace::regnamespace::text IN ('public', 'dispatch')"
            "  UNION ALL SELECT 'mig:' || version || name FROM schema_migrations) AS catalog"))
        .toString();
}

void MigrationsTest::bundledMigrationsAreNumberedInOrder()
{
    const auto migrations = Migrator::bundled();
    QVERIFY(migrations.size() >= 4);
    for (int i = 0; i < migrations.size(); ++i)
        QCOMPARE(migrations[i].version, i + 1);
    QCOMPARE(migrations[2].name, QStringLiteral("003_add_driver_assignment_constraints"));
}

void MigrationsTest::freshDatabaseGetsTheSeedsIndexesAndConstraint()
{
    m_cluster.freshDatabase(QStringLiteral("fresh"), false);
    auto connection = m_cluster.connect();
    QCOMPARE(Migrator::currentVersion(connection->database()), 0);
    const Migrator::Result result = Migrator::migrate(connection->database());
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.fromVersion, 0);
    QCOMPARE(result.toVersion, Migrator::latestVersion());
    QCOMPARE(result.applied.size(), Migrator::bundled().size());

    // The seed's "Verify Migration" step.
    for (const char *index :
         { "idx_orders_available_for_driver", "idx_orders_single_driver_per_order" })
        QVERIFY2(m_cluster
                     .scalar(QStringLiteral("SELECT to_regclass(?) IS NOT NULL"),
                             { QLatin1String(index) })
                     .toBool(),
                 index);
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT count(*) FROM pg_constraint WHERE conname = "
                                        "'check_driver_status_consistency'"
                                        " AND conrelid = 'orders'::regclass"))
                 .toInt(),
             1);
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral(
                     "SELECT indexdef LIKE '%WHERE ((status = ''ready''::text) AND (driver_id IS "
                     "NULL))%'"
                     "  FROM pg_indexes WHERE indexname = 'idx_orders_available_for_driver'"))
                 .toBool(),
             true);
}

void MigrationsTest::migratingTwiceChangesNothing()
{
    m_cluster.freshDatabase(QStringLiteral("twice"));
    const QString before = catalogFingerprint();
    QVERIFY(!before.isEmpty());
    auto connection = m_cluster.connect();
    const Migrator::Result again = Migrator::migrate(connection->database());
    QVERIFY2(again.ok, qPrintable(again.error));
    QVERIFY(again.applied.isEmpty());
    QCOMPARE(again.fromVersion, again.toVersion);
    QCOMPARE(catalogFingerprint(), before);
}

void MigrationsTest::newerSchemaIsRefusedUntouched()
{
    m_cluster.freshDatabase(QStringLiteral("newer"));
    m_cluster.exec(QStringLiteral(
        "INSERT INTO schema_migrations (version, name) VALUES (999, '999_from_the_future')"));
    const QString before = catalogFingerprint();
    auto connection = m_cluster.connect();
    const Migrator::Result result = Migrator::migrate(connection->database());
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(QStringLiteral("999"))
                 && result.error.contains(QStringLiteral("newer")),
             qPrintable(result.error));
    QVERIFY(!result.error.contains(QLatin1Char('\n')));
    QCOMPARE(catalogFingerprint(), before);
}

// A development build once numbered the ready-board index 010 before renaming it 009: a
// database it migrated records version 10 under another name and would silently skip this
// build's 010. Such a database is refused, whatever its version says.
void MigrationsTest::databaseOfAnotherBuildIsRefusedUntouched_data()
{
    QTest::addColumn<QString>("tamper");
    QTest::addColumn<QString>("named");
    QTest::newRow("latest under another name")
        << QStringLiteral("UPDATE schema_migrations SET name = '0xx_from_another_build'"
                          " WHERE version = (SELECT max(version) FROM schema_migrations)")
        << QStringLiteral("0xx_from_another_build");
    QTest::newRow("an earlier one never applied")
        << QStringLiteral("DELETE FROM schema_migrations WHERE version = 5")
        << Migrator::bundled().at(4).name;
    QTest::newRow("behind, and an earlier one renamed")
        << QStringLiteral("DELETE FROM schema_migrations WHERE version = "
                          "(SELECT max(version) FROM schema_migrations);"
                          " UPDATE schema_migrations SET name = 'other' WHERE version = 3")
        << QStringLiteral("other");
}

void MigrationsTest::databaseOfAnotherBuildIsRefusedUntouched()
{
    QFETCH(QString, tamper);
    QFETCH(QString, named);
    m_cluster.freshDatabase(QStringLiteral("another_build"));
    for (const QString &statement : tamper.split(QLatin1Char(';')))
        m_cluster.exec(statement.trimmed());
    const QString before = catalogFingerprint();
    auto connection = m_cluster.connect();
    const Migrator::Result result = Migrator::migrate(connection->database());
    QVERIFY(!result.ok);
    QVERIFY(result.applied.isEmpty());
    QVERIFY2(result.error.contains(QLatin1String("another build")) && result.error.contains(named),
             qPrintable(result.error));
    QVERIFY(!result.error.contains(QLatin1Char('\n')));
    QCOMPARE(catalogFingerprint(), before);
}

void MigrationsTest::twoConsolesMigratingAtOnceEndWithOneSchema()
{
    for (int round = 0; round < 5; ++round) {
        const ConnectionSettings settings
            = m_cluster.freshDatabase(QStringLiteral("together"), false);
        std::barrier start(2);
        Migrator::Result results[2];
        const auto migrate = [&](int slot) {
            DatabaseConnection connection(settings, QStringLiteral("console-%1").arg(slot));
            connection.open();
            start.arrive_and_wait();
            results[slot] = Migrator::migrate(connection.database());
        };
        std::thread a(migrate, 0);
        std::thread b(migrate, 1);
        a.join();
        b.join();
        QVERIFY2(results[0].ok, qPrintable(results[0].error));
        QVERIFY2(results[1].ok, qPrintable(results[1].error));
        // One applied everything, the other found nothing left to do.
        QCOMPARE(results[0].applied.size() + results[1].applied.size(), Migrator::bundled().size());
        QCOMPARE(m_cluster.scalar(QStringLiteral("SELECT count(*) FROM schema_migrations")).toInt(),
                 Migrator::bundled().size());
    }
}

void MigrationsTest::checkRejectsADriverOnAReadyOrder()
{
    m_cluster.freshDatabase(QStringLiteral("checks"));
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Sneaky"));
    const qint64 order = m_cluster.addReadyOrder();
    auto connection = m_cluster.connect();
    QSqlQuery query(connection->database());
    query.prepare(QStringLiteral("UPDATE orders SET driver_id = ? WHERE id = ?"));
    query.addBindValue(driver);
    query.addBindValue(order);
    QVERIFY(!query.exec());
    QCOMPARE(query.lastError().nativeErrorCode(), QStringLiteral("23514"));
    QVERIFY(query.lastError().databaseText().contains(
        QStringLiteral("check_driver_status_consistency")));
    QVERIFY(
        m_cluster
            .scalar(QStringLiteral("SELECT driver_id IS NULL FROM orders WHERE id = ?"), { order })
            .toBool());
}

void MigrationsTest::checkRejectsAnUnknownStatus()
{
    m_cluster.freshDatabase(QStringLiteral("statuses"));
    const qint64 order = m_cluster.addReadyOrder();
    auto connection = m_cluster.connect();
    QSqlQuery query(connection->database());
    query.prepare(QStringLiteral("UPDATE orders SET status = 'teleported' WHERE id = ?"));
    query.addBindValue(order);
    QVERIFY(!query.exec());
    QCOMPARE(query.lastError().nativeErrorCode(), QStringLiteral("23514"));
    // All eleven of the seed's statuses, and sql/015's failed, are accepted by the check.
    QCOMPARE(
        m_cluster
            .scalar(QStringLiteral(
                "SELECT array_length(regexp_split_to_array(pg_get_constraintdef(oid), ''''), 1) / 2"
                "  FROM pg_constraint WHERE conname = 'orders_status_known'"))
            .toInt(),
        12);
}

void MigrationsTest::directSqlChangeIsRecordedAsDirectSql()
{
    m_cluster.freshDatabase(QStringLiteral("history"));
    const qint64 order = m_cluster.addReadyOrder();
    m_cluster.exec(QStringLiteral("UPDATE orders SET status = 'cancelled' WHERE id = ?"),
                   { order });
    QSqlQuery row
        = m_cluster.exec(QStringLiteral("SELECT old_status, new_status, source FROM order_history "
                                        "WHERE order_id = ? AND operation = 'UPDATE'"),
                         { order });
    QVERIFY(row.next());
    QCOMPARE(row.value(0).toString(), QStringLiteral("ready"));
    QCOMPARE(row.value(1).toString(), QStringLiteral("cancelled"));
    QCOMPARE(row.value(2).toString(), QStringLiteral("direct SQL"));
}

void MigrationsTest::demoDataStartsWithARealisticSpreadOfAges()
{
    // A first look at the board: mostly fresh orders, a few amber past the default 10-minute
    // limit, one or two red past twice that; each made before it was ready.
    m_cluster.freshDatabase(QStringLiteral("demo_ages"));
    auto connection = m_cluster.connect(QStringLiteral("demo"));
    const DemoData::Result seeded = DemoData::seed(connection->database(), 10, 400, 7);
    QVERIFY2(seeded.ok, qPrintable(seeded.error));
    QSqlQuery spread = m_cluster.exec(
        QStringLiteral("SELECT count(*) FILTER (WHERE ready_at > now() - interval '5 minutes'),"
                       "       count(*) FILTER (WHERE ready_at <= now() - interval '10 minutes'),"
                       "       count(*) FILTER (WHERE ready_at <= now() - interval '20 minutes'),"
                       "       count(*) FILTER (WHERE created_at > ready_at),"
                       "       count(*)"
                       "  FROM orders WHERE status = 'ready'"));
    QVERIFY(spread.next());
    const int fresh = spread.value(0).toInt();
    const int overdue = spread.value(1).toInt();
    const int late = spread.value(2).toInt();
    const int bornAfterReady = spread.value(3).toInt();
    QCOMPARE(spread.value(4).toInt(), 400);
    const QString figures = QStringLiteral("fresh %1, overdue %2, twice overdue %3 of 400")
                                .arg(fresh)
                                .arg(overdue)
                                .arg(late);
    QVERIFY2(fresh >= 200, qPrintable(figures));
    QVERIFY2(overdue >= 8 && overdue <= 80, qPrintable(figures));
    QVERIFY2(late >= 1 && late < overdue, qPrintable(figures));
    QCOMPARE(bornAfterReady, 0);
}

namespace {

// As psql or pgbench connects: no session settings of the console's.
QString plainScalar(const ConnectionSettings &settings, const QString &sql)
{
    QString value;
    {
        QSqlDatabase db
            = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("plain"));
        db.setHostName(settings.host());
        db.setPort(settings.port());
        db.setUserName(settings.user());
        db.setDatabaseName(settings.database());
        if (!db.open()) {
            value = QStringLiteral("ERROR ") + db.lastError().text();
        } else {
            QSqlQuery query(db);
            value = query.exec(sql) && query.next()
                ? query.value(0).toString()
                : QString(QStringLiteral("ERROR ") + query.lastError().text());
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("plain"));
    return value;
}

} // namespace

void MigrationsTest::databaseAt017MovesIntoItsOwnSchemaAndKeepsWorking()
{
    const ConnectionSettings settings
        = m_cluster.freshDatabase(QStringLiteral("upgrade_from_017"), false);
    auto connection = m_cluster.connect(QStringLiteral("upgrade"));
    const Migrator::Result at017 = Migrator::migrate(connection->database(), 17);
    QVERIFY2(at017.ok, qPrintable(at017.error));
    QCOMPARE(at017.toVersion, 17);
    // The console's session path is dispatch alone; the version is still found in public.
    QCOMPARE(Migrator::currentVersion(connection->database()), 17);
    // What a console of 017 left: a driver, two orders, one claimed (history and attempts).
    QSqlQuery seed(connection->database());
    QVERIFY_SQL(seed,
                exec(QStringLiteral("INSERT INTO public.drivers (name) VALUES ('Old Driver')")));
    QVERIFY_SQL(seed,
                exec(QStringLiteral(
                    "INSERT INTO public.orders (status, customer, pickup, dropoff, total, ready_at)"
                    " VALUES ('ready', 'Old One', 'a', 'b', 1, now()),"
                    "        ('ready', 'Old Two', 'a', 'b', 2, now())")));
    QVERIFY_SQL(seed,
                exec(QStringLiteral("SELECT outcome FROM public.claim_order("
                                    "(SELECT min(id) FROM public.orders),"
                                    " (SELECT min(id) FROM public.drivers), 'console'::text,"
                                    " 'console:old'::text)")));
    QVERIFY(seed.next());
    QCOMPARE(seed.value(0).toString(), QStringLiteral("ASSIGNED"));
    const auto counts = [&](const QString &schema) -> QString {
        QSqlQuery query(connection->database());
        if (!query.exec(QStringLiteral("SELECT (SELECT count(*) FROM %1.orders) || '/'"
                                       " || (SELECT count(*) FROM %1.order_history) || '/'"
                                       " || (SELECT count(*) FROM %1.claim_attempts) || '/'"
                                       " || (SELECT count(*) FROM %1.drivers)")
                            .arg(schema))
            || !query.next())
            return QStringLiteral("ERROR ") + query.lastError().text();
        return query.value(0).toString();
    };
    const QString before = counts(QStringLiteral("public"));
    QVERIFY2(!before.startsWith(QLatin1String("ERROR")), qPrintable(before));

    const Migrator::Result upgraded = Migrator::migrate(connection->database());
    QVERIFY2(upgraded.ok, qPrintable(upgraded.error));
    QCOMPARE(upgraded.fromVersion, 17);
    QCOMPARE(upgraded.toVersion, Migrator::latestVersion());
    QVERIFY(upgraded.applied.contains(QStringLiteral("020_own_schema")));
    QCOMPARE(counts(QStringLiteral("dispatch")), before);
    QCOMPARE(Migrator::currentVersion(connection->database()), Migrator::latestVersion());
    QCOMPARE(
        m_cluster
            .scalar(QStringLiteral("SELECT to_regclass('public.orders') IS NULL"
                                   "   AND to_regclass('public.schema_migrations') IS NULL"
                                   "   AND to_regclass('dispatch.schema_migrations') IS NOT NULL"))
            .toBool(),
        true);
    // Migrating again changes nothing.
    const Migrator::Result again = Migrator::migrate(connection->database());
    QVERIFY2(again.ok && again.applied.isEmpty(), qPrintable(again.error));

    // The console, unqualified: the other order is claimed, recorded by the moved trigger.
    QSqlQuery claim(connection->database());
    QVERIFY_SQL(claim,
                exec(QStringLiteral("SELECT outcome FROM claim_order("
                                    "(SELECT max(id) FROM orders), (SELECT min(id) FROM drivers),"
                                    " 'console'::text, 'console:new'::text)")));
    QVERIFY(claim.next());
    QCOMPARE(claim.value(0).toString(), QStringLiteral("ASSIGNED"));
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT count(*) FROM dispatch.order_history"
                                        " WHERE actor = 'console:new'"))
                 .toInt(),
             1);
    // A month made after the move lands in dispatch.
    m_cluster.exec(QStringLiteral("SELECT count(*) FROM ensure_history_partitions(14)"));
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT count(*) FROM pg_class"
                                        " WHERE relnamespace = 'public'::regnamespace"
                                        "   AND relname LIKE 'order_history_y%'"))
                 .toInt(),
             0);
    // psql and pgbench, which set nothing: the database's own default.
    QCOMPARE(plainScalar(settings, QStringLiteral("SHOW search_path")), QStringLiteral("dispatch"));
    QCOMPARE(plainScalar(settings, QStringLiteral("SELECT count(*) FROM orders")),
             before.section(QLatin1Char('/'), 0, 0));
}

void MigrationsTest::migrationByANonOwnerOfTheDatabaseStillMovesEverything()
{
    // The migrating user may create in the database and in public but owns neither, so
    // ALTER DATABASE … SET search_path is not its to run: one warning, and the migration
    // still moves everything; the console's own connections set the path themselves.
    const ConnectionSettings admin = m_cluster.freshDatabase(QStringLiteral("not_owned"), false);
    {
        auto connection = m_cluster.connect(QStringLiteral("grants"));
        QSqlQuery ddl(connection->database());
        QVERIFY_SQL(ddl, exec(QStringLiteral("CREATE ROLE mig_not_owner LOGIN")));
        QVERIFY_SQL(
            ddl,
            exec(QStringLiteral("GRANT CREATE, CONNECT ON DATABASE not_owned TO mig_not_owner")));
        QVERIFY_SQL(ddl, exec(QStringLiteral("GRANT CREATE ON SCHEMA public TO mig_not_owner")));
    }
    // The test cluster is this process's own: the role and database go with it.
    DatabaseConnection migrator(ConnectionSettings::localSocket(admin.host(), admin.port(),
                                                                QStringLiteral("mig_not_owner"),
                                                                admin.database()),
                                QStringLiteral("not-owner"));
    QVERIFY(!migrator.open().isValid());
    const Migrator::Result migrated = Migrator::migrate(migrator.database());
    QVERIFY2(migrated.ok, qPrintable(migrated.error));
    QSqlQuery query(migrator.database());
    QVERIFY_SQL(
        query,
        exec(QStringLiteral(
            "SELECT (SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"
            "           AND relowner = 'mig_not_owner'::regrole),"
            "       (SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace"
            "           AND proowner = 'mig_not_owner'::regrole),"
            "       (SELECT count(*) FROM pg_db_role_setting s JOIN pg_database d"
            "           ON d.oid = s.setdatabase WHERE d.datname = current_database()),"
            "       (SELECT nspowner = 'mig_not_owner'::regrole FROM pg_namespace"
            "         WHERE nspname = 'dispatch'),"
            "       current_setting('search_path'),"
            "       (SELECT count(*) FROM orders)")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toInt(), 0);
    QCOMPARE(query.value(1).toInt(), 0);
    QCOMPARE(query.value(2).toInt(), 0); // the database's default was not its to set
    QVERIFY(query.value(3).toBool());
    QCOMPARE(query.value(4).toString(), QStringLiteral("dispatch"));
}

QTEST_GUILESS_MAIN(MigrationsTest)
#include "tst_migrations.moc"
