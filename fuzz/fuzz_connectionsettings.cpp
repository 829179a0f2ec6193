// libFuzzer target (issue 8, case 9): ConnectionSettings::parse on arbitrary bytes, read as
// UTF-8 as the command line and the connection dialog hand them over. Checked: no crash, no
// sanitizer report, a refusal always has a reason, and a password never shows: the input is
// also tried after a known password in both forms (keywords and URL), and neither the error
// nor redacted() may contain it; and before a known password (the input may open a quote,
// an escape or a percent token around it), when a refusal's reason may not contain it.
#include "db/connectionsettings.h"

#include <QString>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

const QString kSecret = QStringLiteral("Zq9SECRETzq");

void check(const QString &input)
{
    QString error;
    const auto settings = ConnectionSettings::parse(input, &error);
    if (settings) {
        if (settings->redacted().contains(kSecret))
            std::abort(); // a password shown in a title or log line
    } else if (error.isEmpty() || error.contains(kSecret)) {
        std::abort(); // refused without a reason, or the reason repeats the password
    }
}

// A parse that succeeds may have read the secret as something else (a host name): only a
// refusal is checked.
void checkRefusal(const QString &address)
{
    QString error;
    if (!ConnectionSettings::parse(address, &error) && error.contains(kSecret))
        std::abort(); // the reason repeats the password
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size > 4096)
        return 0;
    const QString input
        = QString::fromUtf8(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    check(input);
    check(QStringLiteral("password=") + kSecret + QLatin1Char(' ') + input);
    check(QStringLiteral("postgresql://u:") + kSecret + QLatin1Char('@') + input);
    checkRefusal(QStringLiteral("postgresql://u:") + input + kSecret + QStringLiteral("@h/d"));
    checkRefusal(QStringLiteral("password=") + input + kSecret);
    return 0;
}
