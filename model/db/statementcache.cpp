#include "db/statementcache.h"

#include "db/databaseconnection.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QSqlDriver>
#include <QSqlField>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QSqlResult>
#include <QTime>
#include <libpq-fe.h>
#include <vector>

namespace {

// Transaction-local (is_local = true): gone at the end of the transaction, so a pooled
// server session carries nothing to its next client. Names and values as parameters, so one
// text per count; a setting the client chose itself was left out by DatabaseConnection.
// Never through pg_settings: that view builds every setting's row, and doing so in each
// claim's transaction halved the claims a second (docs/benchmarks.md, table 1e).
QByteArray transactionSettingsSql(qsizetype settings)
{
    QByteArray sql = "SELECT ";
    for (qsizetype i = 0; i < settings; ++i) {
        if (i > 0)
            sql += ", ";
        sql += "pg_catalog.set_config($" + QByteArray::number(2 * i + 1) + ", $"
            + QByteArray::number(2 * i + 2) + ", true)";
    }
    return sql;
}

// PostgreSQL's built-in type oids (pg_type.dat); stable across versions.
enum Oid : unsigned {
    kBool = 16,
    kBytea = 17,
    kInt8 = 20,
    kInt2 = 21,
    kInt4 = 23,
    kOid = 26,
    kFloat4 = 700,
    kFloat8 = 701,
    kDate = 1082,
    kTime = 1083,
    kTimestamp = 1114,
    kTimestampTz = 1184,
};

PGconn *nativeHandle(const QSqlDriver *driver)
{
    if (!driver)
        return nullptr;
    const QVariant handle = driver->handle();
    if (!handle.isValid()
        || (qstrcmp(handle.typeName(), "PGconn*") != 0
            && qstrcmp(handle.typeName(), "pg_conn*") != 0))
        return nullptr;
    return *static_cast<PGconn *const *>(handle.constData());
}

QMetaType metaTypeFor(unsigned oid)
{
    switch (oid) {
    case kBool:
        return QMetaType::fromType<bool>();
    case kBytea:
        return QMetaType::fromType<QByteArray>();
    case kInt8:
        return QMetaType::fromType<qlonglong>();
    case kInt2:
    case kInt4:
        return QMetaType::fromType<int>();
    case kOid:
        return QMetaType::fromType<uint>();
    case kFloat4:
    case kFloat8:
        return QMetaType::fromType<double>();
    case kDate:
        return QMetaType::fromType<QDate>();
    case kTime:
        return QMetaType::fromType<QTime>();
    case kTimestamp:
    case kTimestampTz:
        return QMetaType::fromType<QDateTime>();
    default:
        return QMetaType::fromType<QString>();
    }
}

// As QPSQL reads them: "2026-12-02 15:03:04.123+01" -> ISO 8601 with a full offset.
QDateTime parseTimestamp(const char *text, bool withZone)
{
    QString value = QString::fromLatin1(text);
    if (value.size() < 10)
        return {};
    value.replace(10, 1, QLatin1Char('T'));
    if (withZone) {
        const QChar sign = value.at(value.size() - 3);
        if (sign == QLatin1Char('-') || sign == QLatin1Char('+'))
            value += QLatin1String(":00");
        return QDateTime::fromString(value, Qt::ISODateWithMs).toLocalTime();
    }
    return QDateTime::fromString(value, Qt::ISODateWithMs);
}

// One protocol-level unnamed statement on the connection's PGconn (see the header).
class ProtocolResult final : public QSqlResult
{
public:
    ProtocolResult(const QSqlDriver *driver, const QList<QByteArray> &settings)
        : QSqlResult(driver)
        , m_settings(settings)
        , m_settingsSql(transactionSettingsSql(settings.size() / 2))
    {
        for (const QByteArray &part : std::as_const(m_settings))
            m_settingValues.push_back(part.constData());
    }
    ~ProtocolResult() override { release(); }
    ProtocolResult(const ProtocolResult &) = delete;
    ProtocolResult &operator=(const ProtocolResult &) = delete;

protected:
    bool savePrepare(const QString &sql) override { return prepare(sql); }
    bool prepare(const QString &sql) override
    {
        release();
        setQuery(sql);
        m_sql = StatementCache::numberedPlaceholders(sql, &m_parameters).toUtf8();
        return true;
    }
    bool reset(const QString &sql) override { return prepare(sql) && exec(); }
    bool exec() override;
    QVariant data(int field) override;
    bool isNull(int field) override { return !m_result || PQgetisnull(m_result, at(), field); }
    bool fetch(int row) override
    {
        if (!m_result || row < 0 || row >= PQntuples(m_result))
            return false;
        setAt(row);
        return true;
    }
    bool fetchFirst() override { return fetch(0); }
    bool fetchLast() override { return m_result && fetch(PQntuples(m_result) - 1); }
    int size() override { return m_result && isSelect() ? PQntuples(m_result) : -1; }
    int numRowsAffected() override
    {
        return m_result ? QByteArray(PQcmdTuples(m_result)).toInt() : -1;
    }
    QSqlRecord record() const override;
    void detachFromResultSet() override { release(); }

private:
    void release()
    {
        if (m_result)
            PQclear(m_result);
        m_result = nullptr;
    }
    bool fail(const QSqlError &error)
    {
        setLastError(error);
        setActive(false);
        return false;
    }
    static QSqlError errorFrom(PGconn *connection, const PGresult *result);

    QByteArray m_sql;
    int m_parameters = 0;
    QList<QByteArray> m_settings; // name, value, name, value, …
    std::vector<const char *> m_settingValues; // into m_settings, for libpq
    QByteArray m_settingsSql;
    PGresult *m_result = nullptr;
};

QSqlError ProtocolResult::errorFrom(PGconn *connection, const PGresult *result)
{
    const QString state
        = result ? QString::fromLatin1(PQresultErrorField(result, PG_DIAG_SQLSTATE)) : QString();
    QString message
        = QString::fromUtf8(result && *PQresultErrorMessage(result) ? PQresultErrorMessage(result)
                                                                    : PQerrorMessage(connection));
    if (!state.isEmpty())
        message += QStringLiteral("(%1)").arg(state);
    const bool lost = !connection || PQstatus(connection) == CONNECTION_BAD;
    return QSqlError(QCoreApplication::translate("QPSQLResult", "Unable to execute statement"),
                     message, lost ? QSqlError::ConnectionError : QSqlError::StatementError, state);
}

bool ProtocolResult::exec()
{
    release();
    setAt(QSql::BeforeFirstRow);
    setSelect(false);
    PGconn *connection = nativeHandle(driver());
    if (!connection || PQstatus(connection) != CONNECTION_OK)
        return fail(errorFrom(connection, nullptr));

    // Parameters as text, except bytes (binary, typed bytea); the server infers the rest.
    const QVariantList &values = boundValues();
    std::vector<QByteArray> storage(m_parameters);
    std::vector<const char *> texts(m_parameters, nullptr);
    std::vector<int> lengths(m_parameters, 0);
    std::vector<int> formats(m_parameters, 0);
    std::vector<unsigned> types(m_parameters, 0);
    for (int i = 0; i < m_parameters && i < values.size(); ++i) {
        const QVariant &value = values.at(i);
        if (value.isNull())
            continue;
        switch (value.metaType().id()) {
        case QMetaType::QByteArray:
            storage[i] = value.toByteArray();
            formats[i] = 1;
            types[i] = kBytea;
            break;
        case QMetaType::Bool:
            storage[i] = value.toBool() ? "t" : "f";
            break;
        case QMetaType::QDateTime:
            storage[i] = value.toDateTime().toString(Qt::ISODateWithMs).toUtf8();
            break;
        default:
            storage[i] = value.toString().toUtf8();
            break;
        }
        texts[i] = storage[i].constData();
        lengths[i] = int(storage[i].size());
    }

    // One round trip: timeouts (unless the client chose both), statement, Sync.
    if (!PQenterPipelineMode(connection))
        return fail(errorFrom(connection, nullptr));
    const int statement = m_settingValues.empty() ? 0 : 1; // its place in the pipeline
    const bool sent
        = (statement == 0
           || PQsendQueryParams(connection, m_settingsSql.constData(), int(m_settingValues.size()),
                                nullptr, m_settingValues.data(), nullptr, nullptr, 0))
        && PQsendQueryParams(connection, m_sql.constData(), m_parameters, types.data(),
                             texts.data(), lengths.data(), formats.data(), 0)
        && PQpipelineSync(connection);
    QSqlError error = sent ? QSqlError() : errorFrom(connection, nullptr);
    PGresult *answer = nullptr;
    // Results: the timeouts', NULL, the statement's, NULL, PIPELINE_SYNC. After an error the
    // rest come as PIPELINE_ABORTED; a lost connection ends it with NULL.
    int query = 0;
    for (int nulls = 0; sent && nulls <= 4;) {
        PGresult *result = PQgetResult(connection);
        if (!result) {
            if (PQstatus(connection) == CONNECTION_BAD)
                break;
            ++query;
            ++nulls;
            continue;
        }
        const ExecStatusType status = PQresultStatus(result);
        if (status == PGRES_PIPELINE_SYNC) {
            PQclear(result);
            break;
        }
        if ((status == PGRES_FATAL_ERROR || status == PGRES_NONFATAL_ERROR
             || status == PGRES_BAD_RESPONSE)
            && !error.isValid())
            error = errorFrom(connection, result);
        if (query == statement && (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)) {
            if (answer)
                PQclear(answer);
            answer = result;
        } else {
            PQclear(result);
        }
    }
    if (PQstatus(connection) == CONNECTION_BAD) {
        if (!error.isValid() || error.type() != QSqlError::ConnectionError)
            error = errorFrom(connection, nullptr);
    } else if (!PQexitPipelineMode(connection) && !error.isValid()) {
        error = errorFrom(connection, nullptr);
    }
    if (error.isValid() || !answer) {
        if (answer)
            PQclear(answer);
        return fail(error.isValid() ? error : errorFrom(connection, nullptr));
    }
    m_result = answer;
    setSelect(PQresultStatus(answer) == PGRES_TUPLES_OK);
    setActive(true);
    return true;
}

QVariant ProtocolResult::data(int field)
{
    if (!m_result || field < 0 || field >= PQnfields(m_result) || at() < 0)
        return {};
    const unsigned oid = PQftype(m_result, field);
    if (PQgetisnull(m_result, at(), field))
        return QVariant(metaTypeFor(oid));
    const char *text = PQgetvalue(m_result, at(), field);
    switch (oid) {
    case kBool:
        return QVariant(text[0] == 't');
    case kInt8:
        return QVariant(qlonglong(QByteArray(text).toLongLong()));
    case kInt2:
    case kInt4:
        return QVariant(QByteArray(text).toInt());
    case kOid:
        return QVariant(QByteArray(text).toUInt());
    case kFloat4:
    case kFloat8:
        return QVariant(QByteArray(text).toDouble());
    case kDate:
        return QVariant(QDate::fromString(QString::fromLatin1(text), Qt::ISODate));
    case kTime:
        return QVariant(QTime::fromString(QString::fromLatin1(text), Qt::ISODateWithMs));
    case kTimestamp:
        return QVariant(parseTimestamp(text, false));
    case kTimestampTz:
        return QVariant(parseTimestamp(text, true));
    case kBytea: {
        size_t length = 0;
        unsigned char *bytes
            = PQunescapeBytea(reinterpret_cast<const unsigned char *>(text), &length);
        const QByteArray value(reinterpret_cast<const char *>(bytes), qsizetype(length));
        PQfreemem(bytes);
        return QVariant(value);
    }
    default:
        return QVariant(QString::fromUtf8(text));
    }
}

QSqlRecord ProtocolResult::record() const
{
    QSqlRecord record;
    if (!m_result)
        return record;
    for (int i = 0; i < PQnfields(m_result); ++i)
        record.append(
            QSqlField(QString::fromUtf8(PQfname(m_result, i)), metaTypeFor(PQftype(m_result, i))));
    return record;
}

} // namespace

StatementCache::StatementCache(DatabaseConnection &connection)
    : m_connection(connection)
{ }

StatementCache::~StatementCache() = default;

QSqlQuery *StatementCache::prepared(const QString &sql, QSqlError *error)
{
    if (m_generation != m_connection.generation()) {
        clear();
        m_generation = m_connection.generation();
    }
    auto found = m_statements.find(sql);
    if (found != m_statements.end())
        return found->second.get();
    const QSqlDatabase db = m_connection.database();
    if (!db.isOpen() || !nativeHandle(db.driver())) {
        *error
            = QSqlError(QCoreApplication::translate("QPSQLResult", "Unable to prepare statement"),
                        QString(), QSqlError::ConnectionError);
        return nullptr;
    }
    auto query = std::make_unique<QSqlQuery>(
        new ProtocolResult(db.driver(), m_connection.transactionSettings()));
    if (!query->prepare(sql)) {
        *error = query->lastError();
        return nullptr;
    }
    return m_statements.emplace(sql, std::move(query)).first->second.get();
}

QSqlQuery StatementCache::unnamed(const QSqlDatabase &db, const QList<QByteArray> &settings)
{
    return QSqlQuery(new ProtocolResult(db.driver(), settings));
}

void StatementCache::clear()
{
    m_statements.clear();
}

bool StatementCache::isStaleStatement(const QSqlError &error)
{
    return error.nativeErrorCode() == QLatin1String("26000");
}

QString StatementCache::numberedPlaceholders(const QString &sql, int *parameters)
{
    QString out;
    out.reserve(sql.size() + 8);
    int count = 0;
    QChar quote; // ' or " while inside one
    for (qsizetype i = 0; i < sql.size(); ++i) {
        const QChar c = sql.at(i);
        if (!quote.isNull()) {
            out += c;
            if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            quote = c;
            out += c;
        } else if (c == QLatin1Char('-') && i + 1 < sql.size() && sql.at(i + 1) == c) {
            const qsizetype end = sql.indexOf(QLatin1Char('\n'), i);
            const qsizetype stop = end < 0 ? sql.size() : end;
            out += QStringView(sql).mid(i, stop - i);
            i = stop - 1;
        } else if (c == QLatin1Char('?')) {
            out += QLatin1Char('$') + QString::number(++count);
        } else {
            out += c;
        }
    }
    *parameters = count;
    return out;
}
