// Migrations (issue 8, case 6): a migration that fails leaves the database exactly as it
// was. Without touching the bundled files, a conflicting object is created first: a table
// named like the one 007_training_flag.sql creates, so 007 fails half-way through the run.
#include "db/migrator.h"
#include "testcluster.h"

class FaultMigrationsTest : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void failingMigrationLeavesTheCatalogAsItWas_data();
    void failingMigrationLeavesTheCatalogAsItWas();

private:
    QString catalogFingerprint();
    TestCluster m_cluster;
};

void FaultMigrationsTest::initTestCase()
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
}

QString FaultMigrationsTest::catalogFingerprint()
{
    // Every relation, column, index, constraint, function and trigger in public or dispatch
    // (sql/020), as text, and the recorded migrations when that table exists.
    // Plain exec (no prepare): the text is fixed, and DDL cannot be PREPAREd.
    auto connection = m_cluster.connect(QStringLiteral("fault-fingerprint"));
    QSqlQuery query(connection->database());
    if (!query.exec(QStringLiteral(
            "SELECT md5(string_agg(x, '|' ORDER BY x)) FROM ("
            "  SELECT 'rel:' || relnamespace::regnamespace::text || '.' || relname || ':' || "
            "relkind::text AS x FROM pg_class"
            "    WHERE relnamespace::regnamespace::text IN ('public', 'dispatch')"
            "  UNION ALL SELECT 'col:' || table_schema || '.' || table_name || '.' || column_name "
            "|| ':' || data_type"
            "    FROM information_schema.columns WHERE table_schema IN ('public', 'dispatch')"
            "  UNION ALL SELECT 'idx:' || schemaname || '.' || indexname || ':' || indexdef FROM "
            "pg_indexes"
            "    WHERE schemaname IN ('public', 'dispatch')"
            "  UNION ALL SELECT 'con:' || connamespace::regnamespace::text || '.' || conname || "
            "':' || pg_get_constraintdef(oid)"
            "    FROM pg_constraint WHERE connamespace::regnamespace::text IN ('public', "
            "'dispatch')"
            "  UNION ALL SELECT 'fn:' || p.oid::regprocedure::text || md5(p.prosrc) FROM pg_proc p"
            "    WHERE pronamespace::regnamespace::text IN ('public', 'dispatch')"
            "  UNION ALL SELECT 'trg:' || tgname FROM pg_trigger t JOIN pg_class c"
            "    ON c.oid = t.tgrelid WHERE c.relnamespace::regnamespace::text IN ('public', "
            "'dispatch')"
            "  UNION ALL SELECT 'ext:' || extname FROM pg_extension"
            "  UNION ALL SELECT 'mig:' || coalesce((xpath('/row/n/text()',"
            "    query_to_xml('SELECT count(*) AS n FROM ' || m.t::text, false, false, "
            "'')))[1]::text,"
            "    'none') FROM (SELECT coalesce(to_regclass('dispatch.schema_migrations'),"
            "                                  to_regclass('public.schema_migrations')) AS t) m"
            "    WHERE m.t IS NOT NULL"
            ") AS catalog"))
        || !query.next()) {
        qWarning("fingerprint: %s", qPrintable(query.lastError().text()));
        return {};
    }
    return query.value(0).toString();
}

void FaultMigrationsTest::failingMigrationLeavesTheCatalogAsItWas_data()
{
    QTest::addColumn<QString>("conflict");
    QTest::newRow("007's table exists on an empty database")
        << QStringLiteral("CREATE TABLE public.training_settings (squatter int)");
    QTest::newRow("005's table exists on an empty database")
        << QStringLiteral("CREATE TABLE public.http_idempotency (squatter int)");
    QTest::newRow("003's index name taken by a table")
        << QStringLiteral("CREATE TABLE public.idx_orders_single_driver_per_order (squatter int)");
}

void FaultMigrationsTest::failingMigrationLeavesTheCatalogAsItWas()
{
    QFETCH(QString, conflict);
    static int serial = 0;
    m_cluster.freshDatabase(QStringLiteral("fault_migrate_%1").arg(++serial), false);
    {
        auto connection = m_cluster.connect(QStringLiteral("fault-squatter"));
        QSqlQuery squat(connection->database());
        QVERIFY_SQL(squat, exec(conflict));
    }
    const QString before = catalogFingerprint();
    QVERIFY(!before.isEmpty());

    auto connection = m_cluster.connect(QStringLiteral("fault-migrator"));
    const Migrator::Result result = Migrator::migrate(connection->database());
    qInfo("migration refused: %s", qPrintable(result.error));
    QVERIFY(!result.ok);
    QVERIFY(!result.error.isEmpty());
    QCOMPARE(catalogFingerprint(), before);
}

QTEST_GUILESS_MAIN(FaultMigrationsTest)
#include "tst_faultmigrations.moc"
