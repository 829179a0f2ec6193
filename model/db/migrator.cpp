#include "db/migrator.h"

#include "db/databaseconnection.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSqlDriver>
#include <QSqlQuery>
#include <algorithm>
#include <libpq-fe.h>
#include <memory>

namespace {

// Any constant works as long as every console uses the same one.
constexpr qint64 kMigrationLockKey = 0x4449535041544348; // "DISPATCH"

// Q_DECLARE_TR_FUNCTIONS gives lupdate and the runtime the same context.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(Migrator)
};

// What schema_migrations records (version 0 when there is no such table), checked against this
// binary's migrations: the highest version, and a sentence when the database was migrated by
// another build — a recorded version of ours under another name, or one of ours below the highest
// recorded that was never applied. Versions above ours are left to the "newer" check.
struct Recorded
{
    bool read = false;
    int version = 0;
    QString mismatch;
};

Recorded readRecorded(QSqlQuery &query, const QList<Migrator::Migration> &ours)
{
    Recorded recorded;
    // In dispatch since sql/020, in public before: whatever the session's search path (the
    // console's is dispatch alone, which a database at 017 does not have yet).
    if (!query.exec(QStringLiteral(
            "SELECT coalesce(pg_catalog.to_regclass('dispatch.schema_migrations'),"
            "                pg_catalog.to_regclass('public.schema_migrations'))::text"))
        || !query.next())
        return recorded;
    if (query.isNull(0)) {
        recorded.read = true; // an empty database
        return recorded;
    }
    if (!query.exec(QStringLiteral("SELECT version, name FROM %1 ORDER BY version")
                        .arg(query.value(0).toString())))
        return recorded;
    QHash<int, QString> names;
    while (query.next()) {
        names.insert(query.value(0).toInt(), query.value(1).toString());
        recorded.version = std::max(recorded.version, query.value(0).toInt());
    }
    recorded.read = true;
    for (const Migrator::Migration &migration : ours) {
        if (migration.version > recorded.version)
            break;
        const auto found = names.constFind(migration.version);
        if (found == names.constEnd()) {
            recorded.mismatch
                = Text::tr("This database was migrated by another build: it never applied "
                           "migration %1 but records version %2. Nothing was changed; use a "
                           "database made by this version of dispatch-console.")
                      .arg(migration.name)
                      .arg(recorded.version);
            break;
        }
        if (*found != migration.name) {
            recorded.mismatch
                = Text::tr("This database was migrated by another build: its migration %1 is "
                           "\"%2\", this console's is \"%3\". Nothing was changed; use a "
                           "database made by this version of dispatch-console.")
                      .arg(migration.version)
                      .arg(*found, migration.name);
            break;
        }
    }
    return recorded;
}

class Transaction
{
public:
    // READ COMMITTED whatever the server's default: under REPEATABLE READ the snapshot
    // would be taken by the statement that waits for the migration lock, before the other
    // console's migration committed, and this one would then try to create it all again.
    explicit Transaction(QSqlDatabase db)
        : m_db(std::move(db))
    {
        QSqlQuery begin(m_db);
        m_open = begin.exec(QStringLiteral("BEGIN ISOLATION LEVEL READ COMMITTED"));
        m_error = begin.lastError();
    }
    ~Transaction()
    {
        if (m_open)
            m_db.rollback();
    }
    bool isOpen() const { return m_open; }
    QSqlError error() const { return m_error; } // why it did not open
    bool commit()
    {
        m_open = false;
        return m_db.commit();
    }

private:
    QSqlDatabase m_db;
    bool m_open = false;
    QSqlError m_error;
};

// Runs a multi-statement script on db's own libpq connection. Returns the first line of
// the failing statement's error, or an empty string.
QString execScript(const QSqlDatabase &db, const QString &sql)
{
    const QVariant handle = db.driver()->handle();
    // QPSQL hands out its PGconn* under the name of the struct behind the typedef.
    if (!handle.isValid() || qstrcmp(handle.typeName(), "pg_conn*") != 0)
        return Text::tr("not a PostgreSQL connection (%1)")
            .arg(QString::fromLatin1(handle.typeName()));
    PGconn *connection = *static_cast<PGconn *const *>(handle.data());
    if (!connection)
        return Text::tr("not connected");
    std::unique_ptr<PGresult, decltype(&PQclear)> answer(
        PQexec(connection, sql.toUtf8().constData()), &PQclear);
    const ExecStatusType status = answer ? PQresultStatus(answer.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY)
        return {};
    const char *primary
        = answer ? PQresultErrorField(answer.get(), PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    const QString text
        = QString::fromUtf8(primary ? primary : PQerrorMessage(connection)).trimmed();
    return text.section(QLatin1Char('\n'), 0, 0);
}

// The migrations up to 019 create in (and name) public; 020 moves everything to dispatch,
// and every later one creates there. Whichever exists now, for this transaction only.
bool followOurSchema(QSqlQuery &query)
{
    return query.exec(QStringLiteral(
        "SELECT pg_catalog.set_config('search_path', CASE WHEN"
        " pg_catalog.to_regnamespace('dispatch') IS NULL THEN 'public' ELSE 'dispatch' END,"
        " true)"));
}

} // namespace

QList<Migrator::Migration> Migrator::bundled()
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d{3})_([a-z0-9_]+)\\.sql$"));
    QList<Migration> migrations;
    const QDir dir(QStringLiteral(":/sql"));
    for (const QString &file : dir.entryList(QDir::Files, QDir::Name)) {
        const auto match = pattern.match(file);
        if (!match.hasMatch())
            continue;
        migrations.append({ match.captured(1).toInt(), file.chopped(4), dir.filePath(file) });
    }
    std::sort(migrations.begin(), migrations.end(),
              [](const Migration &a, const Migration &b) { return a.version < b.version; });
    return migrations;
}

int Migrator::latestVersion()
{
    const auto migrations = bundled();
    return migrations.isEmpty() ? 0 : migrations.last().version;
}

int Migrator::currentVersion(QSqlDatabase db)
{
    QSqlQuery query(db);
    const Recorded recorded = readRecorded(query, {});
    return recorded.read ? recorded.version : -1;
}

Migrator::Result Migrator::migrate(QSqlDatabase db, int upToVersion)
{
    Result result;
    QList<Migration> migrations = bundled();
    if (upToVersion >= 0)
        migrations.removeIf([upToVersion](const Migration &m) { return m.version > upToVersion; });
    result.toVersion = migrations.isEmpty() ? 0 : migrations.last().version;

    // Already up to date: no lock and no DDL, so a login that may not change the schema (the
    // driver API as a dispatch_driver) starts. Anything else is decided under the lock below.
    {
        QSqlQuery read(db);
        const Recorded recorded = readRecorded(read, migrations);
        if (!recorded.mismatch.isEmpty()) {
            result.error = recorded.mismatch;
            return result;
        }
        if (recorded.read && recorded.version == result.toVersion) {
            result.fromVersion = recorded.version;
            result.ok = true;
            return result;
        }
    }

    // The query outlives the transaction: its prepared statements are freed after the
    // rollback, not inside an aborted transaction (which would only print a warning).
    QSqlQuery query(db);
    Transaction transaction(db);
    if (!transaction.isOpen()) {
        result.error = Text::tr("Could not start the migration: %1")
                           .arg(DatabaseConnection::describe(transaction.error()));
        return result;
    }
    const auto fail = [&](const QString &what) {
        if (query.lastError().nativeErrorCode() == QLatin1String("42501")) {
            result.error = Text::tr("The database schema must be brought to version %1 and this "
                                    "login may not change it. Run \"dispatch-console "
                                    "--migrate-only\" once as the database's owner.")
                               .arg(result.toVersion);
            return result;
        }
        result.error
            = what + QStringLiteral(": ") + DatabaseConnection::describe(query.lastError());
        return result;
    };

    if (!query.exec(QStringLiteral("SET LOCAL client_min_messages = warning")))
        return fail(Text::tr("Could not prepare the migration"));
    // Another console's migration may take longer than the connection's lock_timeout (2 s,
    // meant for claims): wait up to a minute for the migration lock, then go back to the
    // short one, so no DDL below queues for long in front of the claims on a busy table.
    if (!query.exec(QStringLiteral("SELECT current_setting('lock_timeout'),"
                                   " set_config('lock_timeout', '60s', true)"))
        || !query.next())
        return fail(Text::tr("Could not prepare the migration"));
    const QString lockTimeout = query.value(0).toString();
    query.prepare(QStringLiteral("SELECT pg_advisory_xact_lock(:key)"));
    query.bindValue(QStringLiteral(":key"), kMigrationLockKey);
    if (!query.exec())
        return fail(Text::tr("Could not take the migration lock"));
    query.prepare(QStringLiteral("SELECT set_config('lock_timeout', :previous, true)"));
    query.bindValue(QStringLiteral(":previous"), lockTimeout);
    if (!query.exec())
        return fail(Text::tr("Could not prepare the migration"));
    if (!followOurSchema(query))
        return fail(Text::tr("Could not prepare the migration"));
    if (!query.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                   " version integer PRIMARY KEY,"
                                   " name text NOT NULL,"
                                   " applied_at timestamptz NOT NULL DEFAULT now())")))
        return fail(Text::tr("Could not create schema_migrations"));
    const Recorded recorded = readRecorded(query, migrations);
    if (!recorded.read)
        return fail(Text::tr("Could not read the schema version"));
    if (!recorded.mismatch.isEmpty()) {
        result.error = recorded.mismatch;
        return result;
    }
    result.fromVersion = recorded.version;

    if (result.fromVersion > result.toVersion) {
        result.error
            = Text::tr("The database schema is version %1, newer than this console "
                       "understands (%2). Use a newer dispatch-console; nothing was changed.")
                  .arg(result.fromVersion)
                  .arg(result.toVersion);
        return result;
    }

    for (const Migration &migration : migrations) {
        if (migration.version <= result.fromVersion)
            continue;
        QFile file(migration.resource);
        if (!file.open(QIODevice::ReadOnly)) {
            result.error = Text::tr("Migration %1 is missing from this build.").arg(migration.name);
            return result;
        }
        const QString sql = QString::fromUtf8(file.readAll());
        if (!followOurSchema(query))
            return fail(Text::tr("Could not prepare the migration"));
        // One string, many statements: sent with libpq's PQexec on the same session (and so
        // inside our transaction), which stops at the first failing statement and reports
        // that statement's error — QSqlQuery would report only the first result.
        if (const QString error = execScript(db, sql); !error.isEmpty()) {
            result.error = Text::tr("Migration %1 failed; nothing was changed: %2")
                               .arg(migration.name, error);
            return result;
        }
        if (!followOurSchema(query)) // the script may have moved schema_migrations
            return fail(Text::tr("Could not record migration %1").arg(migration.name));
        query.prepare(
            QStringLiteral("INSERT INTO schema_migrations (version, name) VALUES (:v, :n)"));
        query.bindValue(QStringLiteral(":v"), migration.version);
        query.bindValue(QStringLiteral(":n"), migration.name);
        if (!query.exec())
            return fail(Text::tr("Could not record migration %1").arg(migration.name));
        result.applied << migration.name;
    }

    if (!transaction.commit()) {
        result.error = Text::tr("Could not commit the migration: %1")
                           .arg(DatabaseConnection::describe(db.lastError()));
        return result;
    }
    result.ok = true;
    return result;
}
