#include "db/connectionsettings.h"

#include <QCoreApplication>
#include <QStringList>
#include <algorithm>
#include <libpq-fe.h>
#include <memory>

namespace {

// Q_DECLARE_TR_FUNCTIONS gives lupdate and the runtime the same context.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ConnectionSettings)
};

// QPSQL joins connect options with spaces into a libpq conninfo string: quote values.
QString conninfoQuoted(const QString &value)
{
    QString escaped = value;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

} // namespace

QString ConnectionSettings::withoutQuotedInput(const QString &message)
{
    // Every quotation mark libpq's catalogues use: "…" in English, »…«, « … », „…“, ‚…‘ and
    // 「…」 in its translations (the process's locale decides, and Qt sets it).
    static const QString quotes = QStringLiteral("\"'`\u00ab\u00bb\u2039\u203a\u2018\u2019\u201a"
                                                 "\u201b\u201c\u201d\u201e\u201f\u300c\u300d"
                                                 "\u300e\u300f\uff02");
    static const QString literals = QStringLiteral("=:/]");
    QString kept;
    for (qsizetype i = 0; i < message.size(); ++i) {
        const QChar c = message.at(i);
        if (!quotes.contains(c)) {
            kept += c;
            continue;
        }
        // libpq's own "=", ":", "/" or "]" (what it expected), only after the words libpq
        // puts before them: the echo of the input (after ": ", "after ", …) may itself start
        // like one. Never "%c" at position %d, the character of the input it stopped at.
        static const QStringList before
            = { QStringLiteral("missing "), QStringLiteral("matching "),
                QStringLiteral("expected "), QStringLiteral(" or "), QStringLiteral("separator ") };
        const auto follows = [&kept](const QString &word) {
            return kept.endsWith(word);
        };
        const qsizetype after = i + 3;
        const bool literal = c == QLatin1Char('"') && after <= message.size()
            && std::any_of(before.begin(), before.end(), follows)
            && literals.contains(message.at(i + 1)) && message.at(i + 2) == c
            && (after == message.size() || message.at(after) == QLatin1Char(')')
                || (message.at(after) == QLatin1Char(' ')
                    && !QStringView(message).mid(after).startsWith(QLatin1String(" at "))));
        if (!literal) {
            const QString head = kept.trimmed();
            return head.isEmpty() ? QStringLiteral("(hidden)") : head + QStringLiteral(" (hidden)");
        }
        kept += message.mid(i, 3);
        i += 2;
    }
    return kept;
}

std::optional<ConnectionSettings> ConnectionSettings::parse(const QString &urlOrKeywords,
                                                            QString *error)
{
    const QString text = urlOrKeywords.trimmed();
    if (text.isEmpty()) {
        if (error)
            *error = Text::tr("The database address is empty.");
        return std::nullopt;
    }
    if (text.size() > 4096) {
        if (error)
            *error = Text::tr("The database address is too long.");
        return std::nullopt;
    }
    const QByteArray utf8 = text.toUtf8();
    if (utf8.contains('\0')) {
        if (error)
            *error = Text::tr("The database address contains a NUL character.");
        return std::nullopt;
    }
    const bool looksLikeUrl = text.startsWith(QLatin1String("postgresql://"))
        || text.startsWith(QLatin1String("postgres://"));
    if (!looksLikeUrl && !text.contains(QLatin1Char('='))) {
        if (error)
            *error = Text::tr("The database address must be a postgresql:// URL or libpq "
                              "keywords such as \"host=db1 dbname=dispatch\".");
        return std::nullopt;
    }

    char *parseError = nullptr;
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
        PQconninfoParse(utf8.constData(), &parseError), &PQconninfoFree);
    if (!options) {
        const QString reason = parseError
            ? withoutQuotedInput(QString::fromUtf8(parseError).trimmed())
            : Text::tr("out of memory");
        PQfreemem(parseError);
        if (error)
            *error = Text::tr("The database address is not valid: %1").arg(reason);
        return std::nullopt;
    }

    ConnectionSettings settings;
    for (PQconninfoOption *option = options.get(); option->keyword; ++option) {
        if (!option->val)
            continue;
        const QString key = QString::fromLatin1(option->keyword);
        const QString value = QString::fromUtf8(option->val);
        if (key == QLatin1String("host") || key == QLatin1String("hostaddr")) {
            if (key == QLatin1String("host") || settings.m_host.isEmpty())
                settings.m_host = value;
            if (key == QLatin1String("hostaddr"))
                settings.m_options.insert(key, value);
        } else if (key == QLatin1String("port")) {
            // A multi-host address (host=a,b,c) has one port per host, or one for all;
            // libpq takes an empty entry as the default port.
            const QStringList ports = value.split(QLatin1Char(','));
            for (const QString &entry : ports) {
                bool ok = false;
                const int port = entry.trimmed().toInt(&ok);
                if ((ports.size() == 1 || !entry.trimmed().isEmpty())
                    && (!ok || port < 1 || port > 65535)) {
                    if (error)
                        *error = Text::tr("The database port must be a number from 1 to 65535.");
                    return std::nullopt;
                }
                if (ports.size() == 1)
                    settings.m_port = port;
            }
            if (ports.size() > 1)
                settings.m_portList = value;
        } else if (key == QLatin1String("dbname")) {
            settings.m_database = value;
        } else if (key == QLatin1String("user")) {
            settings.m_user = value;
        } else if (key == QLatin1String("password")) {
            settings.m_password = value;
        } else {
            settings.m_options.insert(key, value);
        }
    }
    return settings;
}

ConnectionSettings ConnectionSettings::localSocket(const QString &socketDir, int port,
                                                   const QString &user, const QString &database)
{
    ConnectionSettings settings;
    settings.m_host = socketDir;
    settings.m_port = port;
    settings.m_user = user;
    settings.m_database = database;
    return settings;
}

QString ConnectionSettings::toConnectionString() const
{
    // Where and how to connect, never a secret: password and sslpassword are dropped, and
    // so is every keyword not named here (a newer libpq's, "options" whose -c settings
    // can carry anything), so a future secret keyword is not remembered by default.
    static const QStringList remembered {
        QStringLiteral("hostaddr"),
        QStringLiteral("service"),
        QStringLiteral("passfile"), // a path; the passwords stay in that file
        QStringLiteral("connect_timeout"),
        QStringLiteral("client_encoding"),
        QStringLiteral("application_name"),
        QStringLiteral("fallback_application_name"),
        QStringLiteral("keepalives"),
        QStringLiteral("keepalives_idle"),
        QStringLiteral("keepalives_interval"),
        QStringLiteral("keepalives_count"),
        QStringLiteral("tcp_user_timeout"),
        QStringLiteral("target_session_attrs"),
        QStringLiteral("load_balance_hosts"),
        QStringLiteral("channel_binding"),
        QStringLiteral("require_auth"),
        QStringLiteral("sslmode"),
        QStringLiteral("sslcert"),
        QStringLiteral("sslkey"), // a path; its passphrase (sslpassword) is not kept
        QStringLiteral("sslcertmode"),
        QStringLiteral("sslrootcert"),
        QStringLiteral("sslcrl"),
        QStringLiteral("sslcrldir"),
        QStringLiteral("sslsni"),
        QStringLiteral("ssl_min_protocol_version"),
        QStringLiteral("ssl_max_protocol_version"),
        QStringLiteral("requirepeer"),
        QStringLiteral("gssencmode"),
        QStringLiteral("krbsrvname"),
        QStringLiteral("gsslib"),
    };
    QStringList parts;
    const auto add = [&parts](const QString &key, const QString &value) {
        if (!value.isEmpty())
            parts << key + QLatin1Char('=') + conninfoQuoted(value);
    };
    add(QStringLiteral("host"), m_host);
    if (m_port > 0)
        add(QStringLiteral("port"), QString::number(m_port));
    add(QStringLiteral("port"), m_portList);
    add(QStringLiteral("dbname"), m_database);
    add(QStringLiteral("user"), m_user);
    for (auto it = m_options.cbegin(); it != m_options.cend(); ++it) {
        if (remembered.contains(it.key()))
            add(it.key(), it.value());
    }
    return parts.join(QLatin1Char(' '));
}

QString ConnectionSettings::redacted() const
{
    QString text;
    if (!m_user.isEmpty())
        text += m_user + QLatin1Char('@');
    text += m_host.isEmpty() ? QStringLiteral("(default host)") : m_host;
    if (m_port > 0)
        text += QLatin1Char(':') + QString::number(m_port);
    else if (!m_portList.isEmpty())
        text += QLatin1Char(':') + m_portList;
    if (!m_database.isEmpty())
        text += QLatin1Char('/') + m_database;
    if (m_options.contains(QStringLiteral("service")))
        text += QStringLiteral(" service=") + m_options.value(QStringLiteral("service"));
    return text;
}

void ConnectionSettings::applyTo(QSqlDatabase &db, const QString &applicationName) const
{
    if (!m_host.isEmpty())
        db.setHostName(m_host);
    if (m_port > 0)
        db.setPort(m_port);
    if (!m_database.isEmpty())
        db.setDatabaseName(m_database);
    if (!m_user.isEmpty())
        db.setUserName(m_user);
    if (!m_password.isEmpty())
        db.setPassword(m_password);

    QMap<QString, QString> options = m_options;
    // Bounded waits on the network, unless the address chose its own (then that wins; a
    // service file's value for these keywords is overridden, as libpq prefers the string).
    // A silent partition (no RST) ends a blocked call after tcp_user_timeout (unacknowledged
    // data) or the keepalives (about 10 + 3 × 3 s idle), not the kernel's ~15 minutes.
    // libpq ignores them on Unix sockets.
    static const std::pair<const char *, const char *> kNetworkDefaults[] = {
        { "connect_timeout", "5" },  { "keepalives", "1" },
        { "keepalives_idle", "10" }, { "keepalives_interval", "3" },
        { "keepalives_count", "3" }, { "tcp_user_timeout", "10000" },
    };
    for (const auto &[key, value] : kNetworkDefaults) {
        if (!options.contains(QLatin1String(key)))
            options.insert(QLatin1String(key), QLatin1String(value));
    }
    // QSqlDatabase's port is one number: a list goes to libpq as the port keyword, after
    // QPSQL's host= (which passes a host list through as it is).
    if (!m_portList.isEmpty())
        options.insert(QStringLiteral("port"), m_portList);
    options.insert(QStringLiteral("application_name"), applicationName);
    QStringList parts;
    for (auto it = options.cbegin(); it != options.cend(); ++it)
        parts << it.key() + QLatin1Char('=') + conninfoQuoted(it.value());
    db.setConnectOptions(parts.join(QLatin1Char(';')));
}
