#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <optional>

// What happened when someone tried to claim, release, hold or move an order along its
// delivery, or change a driver's shift. A value, never an
// exception: the GUI colours a row by it, the HTTP adapter sends it as status + JSON.
enum class OutcomeCode {
    Assigned,
    Released,
    Held,
    Reassigned,
    // The delivery lifecycle (sql/015): one guarded step each.
    PickedUp,
    InTransit,
    Delivered,
    Failed,
    Cancelled,
    // A driver's shift and capacity (sql/015).
    ShiftStarted,
    ShiftEnded,
    CapacitySet,
    AlreadyYours,
    AlreadyAssigned,
    OrderHeld,
    OrderChanged,
    NotHeldByDriver,
    WrongStatus, // a lifecycle step from the wrong status; orderStatus says which it is
    DriverOffShift,
    DriverAtCapacity,
    NotFound,
    NotReady,
    NotActive,
    NotReleasable,
    DriverNotFound,
    DriverInactive,
    InvalidRequest,
    PermissionDenied,
    Busy,
    IntegrityAlert,
    ResultUnknown, // the answer was lost and could not be settled by re-reading
    DatabaseUnavailable, // nothing was sent, or the server refused it: nothing changed
};

// Where a claim came from; recorded with every attempt and in the order history.
enum class ClaimSource { Console, Simulation, Http, Sql };

QString claimSourceName(ClaimSource source); // "console", "simulation", "http", "sql"

struct ClaimOutcome
{
    OutcomeCode code = OutcomeCode::DatabaseUnavailable;
    qint64 orderId = 0;
    qint64 driverId = 0;
    // For conflicts: who holds the order and since when. For a win: the winner.
    std::optional<qint64> holderId;
    QString holderName;
    // The claimant's name when the caller knows it (the console's drivers list); else the
    // messages say "driver 7".
    QString driverName;
    QDateTime since;
    QString orderStatus; // the status the order had when classified
    QString heldBy; // a dispatcher's hold, if that is what stopped us
    QDateTime heldUntil;
    qint64 serverLatencyUs = 0; // measured by the server, lock waits included
    qint64 roundTripUs = 0; // measured by the client, send to answer
    QString detail; // for DatabaseUnavailable: a short, safe reason
    // The server refused with a serialization failure or deadlock inside the caller's
    // transaction: nothing was changed, and running the caller's whole unit again is safe.
    bool retryable = false;

    static ClaimOutcome fromCodeName(const QString &name); // "ORDER_HELD" → OrderHeld

    bool isSuccess() const;
    bool isConflict() const; // 409-style: someone else got there first, or holds it
    QString codeName() const; // "ORDER_ALREADY_ASSIGNED"
    int httpStatus() const; // 200, 404, 409, 400, 403, 503
    QString message() const; // one sentence for a person, already translated
};

Q_DECLARE_METATYPE(ClaimOutcome)

// How a database error (by SQLSTATE, never by message text) becomes an outcome, and
// whether the statement may simply be run again. One table, in claimoutcome.cpp.
struct SqlStateRule
{
    OutcomeCode code;
    bool retry; // serialization failure / deadlock: safe to run the same claim again
};
SqlStateRule classifySqlState(const QString &sqlState);

// The one table: code ↔ wire name ↔ HTTP status. Exposed for tests and documentation.
struct OutcomeInfo
{
    OutcomeCode code;
    const char *name;
    int httpStatus;
};
const OutcomeInfo &outcomeInfo(OutcomeCode code);
std::optional<OutcomeCode> outcomeCodeFromName(QStringView name);
