#include "core/hostport.h"

#include <QHostAddress>

std::optional<HostPort> HostPort::parse(const QString &text)
{
    const QString input = text.trimmed();
    const qsizetype colon = input.lastIndexOf(QLatin1Char(':'));
    QString host = colon >= 0 ? input.left(colon) : QString();
    const QString portText = colon >= 0 ? input.mid(colon + 1) : input;
    if (colon >= 0 && host.isEmpty())
        return std::nullopt; // ":8080" reads as a typo; a bare port has no colon
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    else if (host.contains(QLatin1Char(':')))
        return std::nullopt; // "::1:8080": which colon starts the port?
    if (host.isEmpty() || host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        host = QStringLiteral("127.0.0.1");
    // Digits only: toInt would take "+80" and " 80".
    if (portText.isEmpty() || portText.size() > 5)
        return std::nullopt;
    for (const QChar c : portText) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return std::nullopt;
    }
    const int port = portText.toInt();
    if (port > 65535)
        return std::nullopt;
    const QHostAddress address(host);
    if (address.isNull())
        return std::nullopt;
    return HostPort { address.toString(), port };
}
