#include "db/databaseconnection.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QMutexLocker>
#include <QRegularExpression>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QVariant>
#include <array>
#include <fcntl.h>
#include <libpq-fe.h>
#include <mutex>
#include <sys/socket.h>
#include <unistd.h>

namespace {
QAtomicInteger<quint64> g_connectionSerial;

// Serialises every change to Qt's connection dictionary (addDatabase, removeDatabase), so
// that its QReadWriteLock is never contended: lanes and HTTP workers open and close their
// connections at the same moments. A contended QReadWriteLock in Qt 6.4 takes its state
// from a lock-free list and waits on it, which ThreadSanitizer cannot follow (Debian's Qt is
// not built with it) and reports as a race between two threads' connection teardown; this
// mutex is one it sees. Nothing else takes that lock: database() uses the kept handle.
std::mutex g_dictionaryMutex;

struct PurposeTimeouts
{
    const char *prefix;
    DatabaseConnection::Timeouts timeouts;
};

constexpr int kSecond = 1000;
constexpr int kMinute = 60 * kSecond;
// First match wins. The live purposes run short statements (one claim, one bounded board
// query), so a longer wait means a server in trouble: give up and say so. The GUI's own
// connection is shortest because the boards still refresh on the GUI thread.
constexpr std::array kPurposeTimeouts {
    PurposeTimeouts { "gui", { 2 * kSecond, 1 * kSecond, 30 * kSecond } },
    PurposeTimeouts { "assign", { 2 * kSecond, 5 * kSecond, 30 * kSecond } },
    PurposeTimeouts { "http-", { 2 * kSecond, 5 * kSecond, 30 * kSecond } },
    PurposeTimeouts { "sim-", { 2 * kSecond, 5 * kSecond, 30 * kSecond } },
    PurposeTimeouts { "listen", { 2 * kSecond, 5 * kSecond, 30 * kSecond } },
    PurposeTimeouts { "inspector", { 2 * kSecond, 10 * kSecond, 30 * kSecond } },
};
// Setup, migrations, demo data, token commands, benchmarks, tests: long but bounded.
constexpr DatabaseConnection::Timeouts kOtherTimeouts { 2 * kSecond, 10 * kMinute, 10 * kMinute };

// One statement, one round trip at connect. A setting whose source is 'client' came from
// this connection's own startup options (the URL's options= or PGOPTIONS): the person
// connecting chose it, so it stays. A server that lacks a setting simply skips it.
// The search path is not a choice: unqualified names are ours, in schema dispatch (sql/020),
// never in public, where on a PostgreSQL 14 cluster any login may plant a table or a better
// matching overload; pg_catalog (implicitly first) and the login's own pg_temp remain. Set
// by a statement, not by startup options, so it goes through PgBouncer too. Answers whether
// lock_timeout and statement_timeout are ours to set again in each hot statement's
// transaction (StatementCache): not when the client chose one, nor when the server lacks it.
QString sessionSettingsSql(const DatabaseConnection::Timeouts &timeouts)
{
    return QStringLiteral(
               "SELECT pg_catalog.count(pg_catalog.set_config(w.name, w.setting, false))"
               "           FILTER (WHERE w.always OR s.source <> 'client'),"
               "       coalesce(pg_catalog.bool_or(s.source <> 'client')"
               "                    FILTER (WHERE w.name = 'lock_timeout'), false),"
               "       coalesce(pg_catalog.bool_or(s.source <> 'client')"
               "                    FILTER (WHERE w.name = 'statement_timeout'), false)"
               "  FROM (VALUES ('lock_timeout', '%1', false), ('statement_timeout', '%2', false),"
               "               ('idle_in_transaction_session_timeout', '%3', false),"
               "               ('search_path', 'dispatch', true)) AS w(name, setting, always)"
               "  JOIN pg_catalog.pg_settings s ON s.name = w.name")
        .arg(timeouts.lockMs)
        .arg(timeouts.statementMs)
        .arg(timeouts.idleInTransactionMs);
}
} // namespace

DatabaseConnection::Timeouts DatabaseConnection::timeoutsFor(const QString &purpose)
{
    for (const PurposeTimeouts &entry : kPurposeTimeouts) {
        if (purpose.startsWith(QLatin1String(entry.prefix)))
            return entry.timeouts;
    }
    return kOtherTimeouts;
}

DatabaseConnection::DatabaseConnection(const ConnectionSettings &settings, const QString &purpose)
    : m_name(QStringLiteral("dispatch/%1/%2").arg(purpose).arg(++g_connectionSerial))
    , m_timeouts(timeoutsFor(purpose))
{
    {
        std::lock_guard lock(g_dictionaryMutex);
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_name);
    }
    settings.applyTo(m_db, QStringLiteral("dispatch-console/") + purpose);
}

DatabaseConnection::~DatabaseConnection()
{
    if (m_db.isOpen())
        m_db.close();
    m_db = QSqlDatabase(); // the last handle goes before the name does
    std::lock_guard lock(g_dictionaryMutex);
    QSqlDatabase::removeDatabase(m_name);
}

QSqlError DatabaseConnection::open()
{
    if (m_db.isOpen())
        m_db.close();
    if (!m_db.open())
        return m_db.lastError();
    QSqlError error;
    {
        QSqlQuery settings(m_db);
        if (!settings.exec(sessionSettingsSql(m_timeouts)) || !settings.next()) {
            error = settings.lastError();
        } else {
            m_transactionSettings.clear();
            if (settings.value(1).toBool())
                m_transactionSettings << "lock_timeout" << QByteArray::number(m_timeouts.lockMs);
            if (settings.value(2).toBool())
                m_transactionSettings << "statement_timeout"
                                      << QByteArray::number(m_timeouts.statementMs);
        }
    } // the query goes before the session does
    if (error.isValid()) {
        m_db.close();
        return error;
    }
    ++m_generation;
    return {};
}

bool DatabaseConnection::inTransaction() const
{
    QSqlDatabase db = database();
    if (!db.isOpen() || !db.driver())
        return false;
    const QVariant handle = db.driver()->handle();
    if (qstrcmp(handle.typeName(), "PGconn*") != 0)
        return false;
    PGconn *connection = *static_cast<PGconn *const *>(handle.constData());
    if (!connection)
        return false;
    const PGTransactionStatusType status = PQtransactionStatus(connection);
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

QSqlError DatabaseConnection::reopenIfLost()
{
    QSqlDatabase db = database();
    if (db.isOpen() && !inTransaction()) {
        QSqlQuery probe(db);
        if (probe.exec(QStringLiteral("SELECT 1")))
            return {};
        if (!isConnectionLoss(probe.lastError()))
            return probe.lastError();
    } else if (db.isOpen()) {
        return {}; // the owner's transaction; its own statements will tell
    }
    return open();
}

void DatabaseConnection::close()
{
    m_db.close();
}

QSqlDatabase DatabaseConnection::database() const
{
    return m_db;
}

PGconn *DatabaseConnection::native() const
{
    const QSqlDatabase db = database();
    if (!db.isOpen() || !db.driver())
        return nullptr;
    // QPSQL's handle is a PGconn* (Qt's documented way to reach the native connection);
    // Qt 6 names the type after the struct behind the typedef.
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid()
        || (qstrcmp(handle.typeName(), "PGconn*") != 0
            && qstrcmp(handle.typeName(), "pg_conn*") != 0))
        return nullptr;
    return *static_cast<PGconn *const *>(handle.constData());
}

int DatabaseConnection::socketDescriptor() const
{
    PGconn *connection = native();
    return connection ? PQsocket(connection) : -1;
}

int DatabaseConnection::announcedBackendPid() const
{
    PGconn *connection = native();
    return connection ? PQbackendPID(connection) : 0;
}

bool DatabaseConnection::isConnectionLoss(const QSqlError &error)
{
    if (error.type() == QSqlError::ConnectionError)
        return true;
    const QString state = error.nativeErrorCode();
    if (error.type() != QSqlError::NoError && state.isEmpty())
        return true; // libpq lost the socket before any SQLSTATE arrived
    return state.startsWith(QLatin1String("08")) || state == QLatin1String("57P01")
        || state == QLatin1String("57P02") || state == QLatin1String("57P03");
}

QString DatabaseConnection::describe(const QSqlError &error)
{
    // The driver text may hold SQL or server paths; keep the first line of the database's
    // own message, which for connection failures is what a person needs ("connection
    // refused", "password authentication failed for user …").
    QString text = error.databaseText().trimmed();
    if (text.isEmpty())
        text = error.driverText().trimmed();
    text = text.section(QLatin1Char('\n'), 0, 0).trimmed();
    // libpq prefixes the severity ("ERROR:  ", "FATAL:  "): the person needs the words.
    static const QRegularExpression severity(QStringLiteral("^(ERROR|FATAL|PANIC):\\s+"));
    text.remove(severity);
    if (text.isEmpty())
        text = QCoreApplication::translate("DatabaseConnection", "no answer from the server");
    return text;
}

ConnectionBreaker::~ConnectionBreaker()
{
    forget();
}

void ConnectionBreaker::watch(const DatabaseConnection &connection)
{
    QMutexLocker lock(&m_mutex);
    if (m_socket >= 0)
        ::close(m_socket);
    const int socket = connection.socketDescriptor();
    m_socket = socket >= 0 ? ::fcntl(socket, F_DUPFD_CLOEXEC, 0) : -1;
    if (m_broken && m_socket >= 0)
        ::shutdown(m_socket, SHUT_RDWR);
}

void ConnectionBreaker::forget()
{
    QMutexLocker lock(&m_mutex);
    if (m_socket >= 0)
        ::close(m_socket);
    m_socket = -1;
}

void ConnectionBreaker::breakNow()
{
    QMutexLocker lock(&m_mutex);
    m_broken = true;
    // Shuts down the socket itself (shared with libpq's descriptor), not just our copy:
    // libpq's poll() wakes up with end of file at once, whatever the server is doing.
    if (m_socket >= 0)
        ::shutdown(m_socket, SHUT_RDWR);
}

bool ConnectionBreaker::isBroken() const
{
    QMutexLocker lock(&m_mutex);
    return m_broken;
}
