#include "http/servecommand.h"

#include "claims/drivertokens.h"
#include "db/databaseconnection.h"
#include "db/migrator.h"
#include "http/driverapi.h"

#include <QCoreApplication>
#include <QTcpSocket>
#include <QTimer>
#include <cstdio>
#include <systemd/sd-daemon.h>

namespace {

void printLine(FILE *stream, const QString &line)
{
    std::fputs(qPrintable(line + QLatin1Char('\n')), stream);
    std::fflush(stream);
}

// To the service manager, if there is one (NOTIFY_SOCKET); a no-op otherwise.
void notifyServiceManager(const QString &state)
{
    sd_notify(0, state.toUtf8().constData());
}

// Q_DECLARE_TR_FUNCTIONS gives lupdate and the runtime the same context.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ServeCommand)
};

constexpr int kDrainPollMs = 10;

} // namespace

DriverApiService::DriverApiService(const ConnectionSettings &settings, const ServeOptions &options,
                                   Reread reread, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_options(options)
    , m_reread(std::move(reread))
{ }

DriverApiService::~DriverApiService() = default;

int DriverApiService::run()
{
    QString error;
    if (!openAccessLog(&error)) {
        printLine(stderr, QStringLiteral("dispatch-console: ") + error);
        return 2;
    }
    DriverApi::Options apiOptions;
    apiOptions.address = m_options.address;
    apiOptions.port = m_options.port;
    apiOptions.workers = m_options.workers;
    apiOptions.queueLimit = m_options.queueLimit;
    apiOptions.limits = m_options.limits;
    apiOptions.rateLimit = m_options.rateLimit;
    apiOptions.accessLog = [this](const QString &line) {
        writeAccessLog(line);
    };
    m_api = std::make_unique<DriverApi>(m_settings, apiOptions);
    if (!m_api->start(&error)) {
        printLine(stderr,
                  Text::tr("dispatch-console: cannot listen on %1:%2: %3")
                      .arg(m_options.address.toString())
                      .arg(m_options.port)
                      .arg(error));
        return 2;
    }
    // Ready means ready to claim: the port listens (above) and the schema is the one this
    // binary was built for, read on a connection of the API's own login.
    int schema = -1;
    {
        DatabaseConnection check(m_settings, QStringLiteral("serve-ready"));
        if (const QSqlError openError = check.open(); openError.isValid()) {
            printLine(stderr,
                      Text::tr("dispatch-console: cannot connect to the database at %1: %2")
                          .arg(m_settings.redacted(), DatabaseConnection::describe(openError)));
            return 2;
        }
        schema = Migrator::currentVersion(check.database());
    }
    if (schema != Migrator::latestVersion()) {
        printLine(stderr,
                  Text::tr("dispatch-console: the schema of %1 is at version %2, this program "
                           "needs %3; run dispatch-console --migrate-only first.")
                      .arg(m_settings.redacted())
                      .arg(schema)
                      .arg(Migrator::latestVersion()));
        return 2;
    }
    printLine(stdout, QStringLiteral("listening on %1").arg(m_api->baseUrl()));
    printLine(stderr,
              Text::tr("dispatch-console: driver API on %1 (%2 workers, queue %3), database %4")
                  .arg(m_api->baseUrl())
                  .arg(m_options.workers)
                  .arg(m_options.queueLimit)
                  .arg(m_settings.redacted()));
    notifyServiceManager(QStringLiteral("READY=1\nSTATUS=listening on %1, schema version %2")
                             .arg(m_api->baseUrl())
                             .arg(schema));
    const int code = QCoreApplication::exec();
    m_api.reset(); // the workers end here, while the log is still open
    return code;
}

void DriverApiService::stop()
{
    if (!m_api)
        return;
    if (m_stopping) {
        printLine(stderr, Text::tr("dispatch-console: stopping now, without waiting."));
        QCoreApplication::exit(0);
        return;
    }
    m_stopping = true;
    m_api->stopListening(); // first: once STOPPING=1 is out, a new connection is refused
    notifyServiceManager(QStringLiteral("STOPPING=1\nSTATUS=draining"));
    printLine(stderr,
              Text::tr("dispatch-console: stopping; %n request(s) still to answer (waiting up to "
                       "%1 s).",
                       nullptr, m_api->unanswered())
                  .arg(m_options.drainTimeoutMs / 1000.0));
    // Polled, not signalled: "answered" is the API's count, "written out" each socket's buffer.
    m_drainPoll = new QTimer(this);
    m_drainPoll->setInterval(kDrainPollMs);
    connect(m_drainPoll, &QTimer::timeout, this, [this] {
        if (drained())
            QCoreApplication::exit(0);
    });
    m_drainPoll->start();
    QTimer::singleShot(m_options.drainTimeoutMs, this, [this] {
        printLine(stderr,
                  Text::tr("dispatch-console: %n request(s) not answered within the stop "
                           "timeout; stopping anyway.",
                           nullptr, m_api->unanswered()));
        QCoreApplication::exit(0);
    });
}

bool DriverApiService::drained() const
{
    if (m_api->unanswered() > 0)
        return false;
    const QList<QTcpSocket *> sockets = m_api->findChildren<QTcpSocket *>();
    return std::all_of(sockets.cbegin(), sockets.cend(), [](const QTcpSocket *socket) {
        return socket->state() != QAbstractSocket::ConnectedState || socket->bytesToWrite() == 0;
    });
}

void DriverApiService::reload()
{
    if (!m_api || m_stopping)
        return;
    notifyServiceManager(QStringLiteral("RELOADING=1"));
    ServeOptions fresh = m_options;
    QString error;
    if (m_reread && !m_reread(&fresh, &error)) {
        printLine(stderr,
                  Text::tr("dispatch-console: reload: %1; the running settings stay.").arg(error));
        notifyServiceManager(QStringLiteral("READY=1"));
        return;
    }
    QStringList later;
    if (fresh.address != m_options.address || fresh.port != m_options.port)
        later << QStringLiteral("listen");
    if (fresh.workers != m_options.workers)
        later << QStringLiteral("workers");
    if (fresh.queueLimit != m_options.queueLimit)
        later << QStringLiteral("max-queue");
    if (fresh.rateLimit.perSecond != m_options.rateLimit.perSecond
        || fresh.rateLimit.burst != m_options.rateLimit.burst)
        later << QStringLiteral("rate-limit");
    const QString oldLog = m_options.accessLogFile;
    m_options.accessLogFile = fresh.accessLogFile;
    if (!openAccessLog(&error)) {
        m_options.accessLogFile = oldLog;
        printLine(stderr,
                  Text::tr("dispatch-console: reload: %1; the access log stays where it was.")
                      .arg(error));
        openAccessLog(&error);
    }
    printLine(stderr,
              later.isEmpty()
                  ? Text::tr("dispatch-console: reloaded; access log reopened.")
                  : Text::tr("dispatch-console: reloaded; access log reopened; %1 change(s) "
                             "at the next start.")
                        .arg(later.join(QStringLiteral(", "))));
    notifyServiceManager(QStringLiteral("READY=1"));
}

bool DriverApiService::openAccessLog(QString *error)
{
    if (m_accessLog.isOpen())
        m_accessLog.close();
    if (m_options.accessLogFile.isEmpty())
        return true;
    m_accessLog.setFileName(m_options.accessLogFile);
    if (!m_accessLog.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text)) {
        *error = Text::tr("cannot open the access log %1: %2")
                     .arg(m_options.accessLogFile, m_accessLog.errorString());
        return false;
    }
    return true;
}

void DriverApiService::writeAccessLog(const QString &line)
{
    if (!m_accessLog.isOpen()) {
        printLine(stderr, line);
        return;
    }
    m_accessLog.write((line + QLatin1Char('\n')).toUtf8());
    m_accessLog.flush();
}

int runToken(QSqlDatabase db, qint64 driverId, bool revoke)
{
    const DriverTokens::Result result
        = revoke ? DriverTokens::revoke(db, driverId) : DriverTokens::issue(db, driverId);
    if (!result.ok) {
        printLine(stderr, QStringLiteral("dispatch-console: ") + result.error);
        return 2;
    }
    if (revoke) {
        printLine(stderr,
                  Text::tr("dispatch-console: the token of driver %1 is revoked.").arg(driverId));
        return 0;
    }
    // The token goes to stdout once and nowhere else; only its SHA-256 is stored.
    printLine(stdout, result.token);
    if (!result.warning.isEmpty())
        printLine(stderr, Text::tr("dispatch-console: warning: %1").arg(result.warning));
    printLine(stderr,
              Text::tr("dispatch-console: new token for driver %1 (shown once; any earlier "
                       "token no longer works).")
                  .arg(driverId));
    return 0;
}
