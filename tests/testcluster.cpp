#include "testcluster.h"

#include "db/migrator.h"
#include "fixtureguard.h"

#include <QFile>

TestCluster::TestCluster()
    : m_dir(QStringLiteral("/tmp/dispatch-test-XXXXXX"))
{
    // QTemporaryDir is private to us; the postgres account (when we are root) must be
    // able to walk into it, as into /var/lib/dispatch-console.
    QFile::setPermissions(m_dir.path(),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                              | QFileDevice::ExeGroup | QFileDevice::ExeOther);
    // If this process dies, its watchdog stops the server and removes the directory.
    FixtureGuard::removeAfterExit(m_dir.path());
    LocalPostgres::Options options;
    options.baseDir = m_dir.path();
    options.database = QStringLiteral("postgres");
    options.throwaway = true;
    m_server = std::make_unique<LocalPostgres>(options);
}

TestCluster::~TestCluster()
{
    m_connection.reset();
    m_server.reset(); // stops the server before the directory goes
}

bool TestCluster::start()
{
    if (!m_server->start())
        return false;
    m_current = m_server->settings();
    return true;
}

QString TestCluster::errorString() const
{
    return m_server->errorString();
}

ConnectionSettings TestCluster::freshDatabase(const QString &name, bool migrate)
{
    m_connection.reset();
    ConnectionSettings admin = m_server->settings();
    {
        DatabaseConnection connection(admin, QStringLiteral("test-admin"));
        if (const QSqlError error = connection.open(); error.isValid())
            qFatal("cannot reach the test cluster: %s", qPrintable(error.text()));
        QSqlQuery query(connection.database());
        query.exec(QStringLiteral("SET client_min_messages = warning"));
        query.exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(name));
        if (!query.exec(QStringLiteral("CREATE DATABASE %1").arg(name)))
            qFatal("cannot create test database: %s", qPrintable(query.lastError().text()));
    }
    m_current = admin;
    m_current.setDatabase(name);
    m_connection = connect(QStringLiteral("fixture"));
    if (migrate) {
        const Migrator::Result result = Migrator::migrate(m_connection->database());
        if (!result.ok)
            qFatal("migration failed: %s", qPrintable(result.error));
    }
    return m_current;
}

std::unique_ptr<DatabaseConnection> TestCluster::connect(const QString &purpose)
{
    auto connection = std::make_unique<DatabaseConnection>(m_current, purpose);
    if (const QSqlError error = connection->open(); error.isValid())
        qFatal("cannot connect to the test database: %s", qPrintable(error.text()));
    return connection;
}

namespace {

QSqlQuery run(QSqlDatabase db, const QString &sql, const QVariantList &values, bool *ok)
{
    QSqlQuery query(db);
    *ok = query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    *ok = *ok && query.exec();
    return query;
}

} // namespace

QSqlQuery TestCluster::exec(const QString &sql, const QVariantList &values)
{
    bool ok = false;
    QSqlQuery query = run(m_connection->database(), sql, values, &ok);
    if (!ok) {
        const QByteArray message
            = "fixture SQL failed: " + sql.toUtf8() + " -- " + query.lastError().text().toUtf8();
        QTest::qFail(message.constData(), __FILE__, __LINE__);
    }
    return query;
}

QSqlQuery TestCluster::execExpectingError(const QString &sql, const QVariantList &values)
{
    bool ok = false;
    QSqlQuery query = run(m_connection->database(), sql, values, &ok);
    if (ok) {
        const QByteArray message = "fixture SQL was expected to fail: " + sql.toUtf8();
        QTest::qFail(message.constData(), __FILE__, __LINE__);
    }
    return query;
}

QVariant TestCluster::scalar(const QString &sql, const QVariantList &values)
{
    QSqlQuery query = exec(sql, values);
    if (!query.next())
        return {};
    return query.value(0);
}

qint64 TestCluster::addDriver(const QString &name, bool active)
{
    return scalar(
               QStringLiteral("INSERT INTO drivers (name, is_active) VALUES (?, ?) RETURNING id"),
               { name, active })
        .toLongLong();
}

qint64 TestCluster::addReadyOrder(const QString &customer)
{
    return scalar(QStringLiteral(
                      "INSERT INTO orders (status, customer, pickup, dropoff, total, ready_at)"
                      " VALUES ('ready', ?, 'Test Kitchen', '1 Test Street', 10, now())"
                      " RETURNING id"),
                  { customer })
        .toLongLong();
}
