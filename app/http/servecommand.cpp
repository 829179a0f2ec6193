#include "http/servecommand.h"

#include "claims/drivertokens.h"
#include "http/driverapi.h"

#include <QCoreApplication>
#include <cstdio>

namespace {

void printLine(FILE *stream, const QString &line)
{
    std::fputs(qPrintable(line + QLatin1Char('\n')), stream);
    std::fflush(stream);
}

// Q_DECLARE_TR_FUNCTIONS gives lupdate and the runtime the same context.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ServeCommand)
};

} // namespace

int runServe(const ConnectionSettings &settings, const ServeOptions &options)
{
    DriverApi::Options apiOptions;
    apiOptions.address = options.address;
    apiOptions.port = options.port;
    apiOptions.workers = options.workers;
    apiOptions.queueLimit = options.queueLimit;
    apiOptions.limits = options.limits;
    DriverApi api(settings, apiOptions);
    QString error;
    if (!api.start(&error)) {
        printLine(stderr,
                  Text::tr("dispatch-console: cannot listen on %1:%2: %3")
                      .arg(options.address.toString())
                      .arg(options.port)
                      .arg(error));
        return 2;
    }
    printLine(stdout, QStringLiteral("listening on %1").arg(api.baseUrl()));
    printLine(stderr,
              Text::tr("dispatch-console: driver API on %1 (%2 workers, queue %3), database %4")
                  .arg(api.baseUrl())
                  .arg(options.workers)
                  .arg(options.queueLimit)
                  .arg(settings.redacted()));
    return QCoreApplication::exec();
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
