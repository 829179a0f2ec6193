#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

// What the support inspector shows about one order or one driver: plain values, read in
// one snapshot by InspectorSession, rendered by ui/ (and as text or CSV here). Qt Core only.

// One column of a row, with the label a person reads ("Assigned at") next to its value.
struct LabelledField
{
    QString column; // the database column, e.g. "assigned_at"
    QString label;
    QString value; // already formatted; empty for NULL
    bool isNull = false;
};

// One row of order_history, as a step of the order's life.
struct LifecycleEvent
{
    enum class Kind {
        Created,
        StatusChange,
        Assignment,
        Release,
        Reassignment,
        Hold,
        HoldEnded,
        ActiveChange,
        Deleted
    };

    qint64 historyId = 0;
    QDateTime at; // UTC
    Kind kind = Kind::StatusChange;
    QString operation; // INSERT / UPDATE / DELETE
    QString oldStatus;
    QString newStatus;
    std::optional<qint64> oldDriverId;
    QString oldDriverName;
    std::optional<qint64> newDriverId;
    QString newDriverName;
    QString oldReservedBy;
    QString newReservedBy;
    QDateTime newReservedUntil;
    bool isActive = true;
    QString source; // as stored: console, simulation, http, sql, direct SQL
    QString actor;
    QString reason;
    qint64 txid = 0;

    QString kindName() const; // "assignment", "release", …
    QString summary() const; // "Assigned to Alice (#3); ready → driver_assigned"
    QString sourceLabel() const { return sourceLabelFor(source); }
    // "console", "simulation", "HTTP", "SQL (claim function)", "direct SQL"
    static QString sourceLabelFor(const QString &source);
};

// One row of claim_attempts: a winner (200) or a loser (409, …), with its server latency.
struct ClaimAttemptEntry
{
    qint64 attemptId = 0;
    qint64 orderId = 0;
    QDateTime at; // UTC, when the attempt's statement started
    qint64 driverId = 0;
    QString driverName;
    QString source;
    QString actor;
    qint64 latencyUs = 0;
    QString outcome; // "ASSIGNED", "ORDER_ALREADY_ASSIGNED", …
    int httpStatus = 0; // from the outcome table (claimoutcome.h); 0 for an unknown code
    std::optional<qint64> holderId;
    QString holderName;

    bool isWin() const { return outcome == QLatin1String("ASSIGNED"); }
    bool isConflict() const { return httpStatus == 409; }
    QString verdict() const; // "won", "lost (409): held by Alice (#3)", …
    QString latencyText() const; // "1.234 ms"
};

struct OrderPage
{
    qint64 orderId = 0;
    bool found = false;
    QString error; // for a person; empty when the page was read
    QString status;
    std::optional<qint64> driverId;
    QString driverName;
    QList<LabelledField> fields;
    QList<LifecycleEvent> lifecycle; // oldest first
    QList<ClaimAttemptEntry> attempts; // oldest first
    bool lifecycleTruncated = false;
    bool attemptsTruncated = false;
    QDateTime readAt; // UTC, the snapshot's time

    static constexpr int kMaxLifecycle = 2000;
    static constexpr int kMaxAttempts = 5000;

    int wins() const;
    int conflicts() const;
    // The whole page as text a person can paste into a ticket.
    QString toPlainText() const;
    // order_history as CSV (CsvWriter: RFC 4180, CRLF, formula guard; UTC ISO-8601 times;
    // ids as numbers).
    QString historyCsv() const;
};

struct DriverOrderEntry
{
    qint64 orderId = 0;
    QString status;
    QString customer;
    QString dropoff;
    QDateTime at; // assigned_at for current orders, updated_at for past ones
    std::optional<qint64> nowWithDriverId; // past orders: who holds it now, if someone else
    QString nowWithDriverName;
};

struct DriverPage
{
    qint64 driverId = 0;
    bool found = false;
    QString error;
    QString name;
    QList<LabelledField> fields;
    QList<DriverOrderEntry> currentOrders; // driver_assigned, picked_up, in_transit
    QList<DriverOrderEntry> pastOrders; // delivered, or released / reassigned since
    // Over the driver's newest kMaxCountedAttempts attempts (countsCapped: there are more),
    // so that the page costs the same after a year of history as on the first day.
    int wins = 0;
    int conflicts = 0;
    int otherAttempts = 0; // 404, 400, … neither a win nor a conflict
    bool countsCapped = false;
    QList<ClaimAttemptEntry> recentAttempts; // newest first
    QDateTime readAt;

    static constexpr int kMaxOrders = 500;
    static constexpr int kMaxRecentAttempts = 100;
    static constexpr int kMaxCountedAttempts = 1000;

    QString toPlainText() const;
};

// A time as the inspector shows it: local, with milliseconds ("2025-10-26 14:03:07.123").
QString inspectorTimeText(const QDateTime &utc);
