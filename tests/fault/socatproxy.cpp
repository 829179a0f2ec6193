#include "socatproxy.h"

#include <QFile>
#include <QHostAddress>
#include <QProcess>
#include <QTcpServer>
#include <QTest>

int freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

bool isListeningOnLoopback(int port)
{
    QFile table(QStringLiteral("/proc/net/tcp"));
    if (!table.open(QIODevice::ReadOnly))
        return false;
    const QByteArray local
        = "0100007F:" + QByteArray::number(port, 16).toUpper().rightJustified(4, '0');
    for (const QByteArray &line : table.readAll().split('\n')) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() > 3 && fields.at(1) == local && fields.at(3) == "0A")
            return true;
    }
    return false;
}

bool startSocatProxy(QProcess &proxy, int port, const QString &socketDir, bool forking)
{
    proxy.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    proxy.start(QStringLiteral("socat"),
                { QStringLiteral("TCP-LISTEN:%1,bind=127.0.0.1,reuseaddr%2")
                      .arg(port)
                      .arg(forking ? QStringLiteral(",fork") : QString()),
                  QStringLiteral("UNIX-CONNECT:%1/.s.PGSQL.5432").arg(socketDir) });
    // Listening is read from /proc: socat without fork serves one connection, so no probe
    // may connect to find out.
    return proxy.waitForStarted(5000)
        && QTest::qWaitFor([port] { return isListeningOnLoopback(port); }, 5000);
}
