#pragma once

#include <QMap>
#include <QSqlDatabase>
#include <QString>
#include <optional>

// Where the console's database is: a postgresql:// URL or a libpq keyword string
// ("host=… dbname=…", "service=…"), parsed by libpq itself. Anything left unset falls
// back to libpq's PG* environment variables and service file, as psql would.
// The password is kept for opening connections but never shown: see redacted().
class ConnectionSettings
{
public:
    // nullopt and a one-line reason on bad input; the reason never contains the password.
    static std::optional<ConnectionSettings> parse(const QString &urlOrKeywords, QString *error);
    // libpq's parse error without what it quotes of the input (any part of which may be a
    // password): cut at the first quotation mark of any kind, libpq's literal "=", ":", "/"
    // and "]" kept. parse() uses it; public for the tests, which feed it translated messages.
    static QString withoutQuotedInput(const QString &message);
    // The embedded default: a Unix socket directory, no TCP.
    static ConnectionSettings localSocket(const QString &socketDir, int port, const QString &user,
                                          const QString &database);

    // A multi-host address (postgresql://a:5432,b:5433/db, host=a,b port=5432,5433) keeps
    // its lists as libpq reads them: host() is "a,b", port() is -1 and ports() "5432,5433".
    QString host() const { return m_host; }
    int port() const { return m_port; }
    QString ports() const { return m_port > 0 ? QString::number(m_port) : m_portList; }
    QString database() const { return m_database; }
    QString user() const { return m_user; }
    bool hasPassword() const { return !m_password.isEmpty(); }
    void setPassword(const QString &password) { m_password = password; }
    void setDatabase(const QString &database) { m_database = database; }

    // What may be remembered (the console's QSettings connection/lastProfile): libpq
    // keywords for where and how to connect, from an allow-list in the .cpp: host, port,
    // dbname, user, service, the ssl* files and modes, timeouts, keepalives, … Never
    // password or sslpassword, nor "options" or any keyword not on the list. Not for
    // opening connections (applyTo() passes everything).
    QString toConnectionString() const;

    // "user@host:port/db" with no secret in it, for titles, logs and error messages.
    QString redacted() const;

    // Opens nothing: sets host, port, … and the remaining libpq options on db.
    // applicationName ends up in pg_stat_activity (e.g. "dispatch-console/gui").
    void applyTo(QSqlDatabase &db, const QString &applicationName) const;

private:
    QString m_host;
    int m_port = -1;
    QString m_portList; // set instead of m_port when there is one port per host
    QString m_database;
    QString m_user;
    QString m_password;
    QMap<QString, QString> m_options; // sslmode, service, connect_timeout, …
};
