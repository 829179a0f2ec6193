#pragma once

#include "db/connectionsettings.h"
#include "inspector/inspectorpages.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariantList>
#include <memory>
#include <optional>

class DatabaseConnection;

// The support inspector's own connection, read-only for real: every session runs
// SET default_transaction_read_only = on (and a statement timeout) right after it opens,
// so nothing the inspector sends can write, whatever role it logs in as. Logging in as a
// member of dispatch_support (sql/008) makes the server refuse writes a second time.
//
// It reads an order page or a driver page in one REPEATABLE READ transaction, so the row,
// its history and its attempts agree with each other. Errors come back as a sentence in
// the page's error (never SQL text); a lost connection is reopened on the next call.
// Lives on the thread that created it (the GUI thread).
class InspectorSession
{
public:
    explicit InspectorSession(const ConnectionSettings &settings);
    ~InspectorSession();
    InspectorSession(const InspectorSession &) = delete;
    InspectorSession &operator=(const InspectorSession &) = delete;

    static constexpr int kStatementTimeoutMs = 10000;

    // Opens if needed. Returns a sentence for a person, or an empty string.
    QString ensureOpen();
    QSqlDatabase database() const;
    QString connectionLabel() const { return m_label; }
    // Whether a statement run() runs is read-only, as the server says.
    bool isReadOnly();

    // Prepares and runs sql with values (positional ?). On failure: nullopt and *error.
    // A model's query must be scrollable (forwardOnly = false); page readers go forward.
    std::optional<QSqlQuery> run(const QString &sql, const QVariantList &values, QString *error,
                                 bool forwardOnly = true);

    OrderPage loadOrder(qint64 orderId);
    DriverPage loadDriver(qint64 driverId);

    // A sentence for a person from a database error: permission, timeout, lost server, ….
    static QString describe(const QSqlError &error);

private:
    bool beginSnapshot(QString *error);
    void endSnapshot();
    void noteFailure(const QSqlError &error);

    std::unique_ptr<DatabaseConnection> m_connection;
    QString m_label;
    bool m_configured = false;
};
