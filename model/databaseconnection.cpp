#include "databaseconnection.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QRegularExpression>
#include <QSqlDriver>
#include <QVariant>
#include <libpq-fe.h>

namespace {
QAtomicInteger<quint64> g_connectionSerial;
}

DatabaseConnection::DatabaseConnection(const ConnectionSettings &settings, const QString &purpose)
    : m_name(QStringLiteral("dispatch/%1/%2").arg(purpose).arg(++g_connectionSerial))
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_name);
    settings.applyTo(db, QStringLiteral("dispatch-console/") + purpose);
}

DatabaseConnection::~DatabaseConnection()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
}

QSqlError DatabaseConnection::open()
{
    QSqlDatabase db = QSqlDatabase::database(m_name, false);
    if (db.isOpen())
        db.close();
    if (!db.open())
        return db.lastError();
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

void DatabaseConnection::close()
{
    QSqlDatabase db = QSqlDatabase::database(m_name, false);
    db.close();
}

QSqlDatabase DatabaseConnection::database() const
{
    return QSqlDatabase::database(m_name, false);
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
