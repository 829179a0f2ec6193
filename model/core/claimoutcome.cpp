#include "core/claimoutcome.h"

#include <QCoreApplication>
#include <array>

namespace {

constexpr std::array kOutcomes {
    OutcomeInfo { OutcomeCode::Assigned, "ASSIGNED", 200 },
    OutcomeInfo { OutcomeCode::Released, "RELEASED", 200 },
    OutcomeInfo { OutcomeCode::Held, "HELD", 200 },
    OutcomeInfo { OutcomeCode::Reassigned, "REASSIGNED", 200 },
    OutcomeInfo { OutcomeCode::PickedUp, "PICKED_UP", 200 },
    OutcomeInfo { OutcomeCode::InTransit, "IN_TRANSIT", 200 },
    OutcomeInfo { OutcomeCode::Delivered, "DELIVERED", 200 },
    OutcomeInfo { OutcomeCode::Failed, "FAILED", 200 },
    OutcomeInfo { OutcomeCode::Cancelled, "CANCELLED", 200 },
    OutcomeInfo { OutcomeCode::ShiftStarted, "SHIFT_STARTED", 200 },
    OutcomeInfo { OutcomeCode::ShiftEnded, "SHIFT_ENDED", 200 },
    OutcomeInfo { OutcomeCode::CapacitySet, "CAPACITY_SET", 200 },
    OutcomeInfo { OutcomeCode::AlreadyYours, "ORDER_ALREADY_YOURS", 409 },
    OutcomeInfo { OutcomeCode::AlreadyAssigned, "ORDER_ALREADY_ASSIGNED", 409 },
    OutcomeInfo { OutcomeCode::OrderHeld, "ORDER_HELD", 409 },
    OutcomeInfo { OutcomeCode::OrderChanged, "ORDER_CHANGED", 409 },
    OutcomeInfo { OutcomeCode::NotHeldByDriver, "ORDER_NOT_HELD_BY_DRIVER", 409 },
    // A state the caller can see and change (deliver something, go on shift): a conflict.
    OutcomeInfo { OutcomeCode::WrongStatus, "ORDER_WRONG_STATUS", 409 },
    OutcomeInfo { OutcomeCode::DriverOffShift, "DRIVER_OFF_SHIFT", 409 },
    OutcomeInfo { OutcomeCode::DriverAtCapacity, "DRIVER_AT_CAPACITY", 409 },
    OutcomeInfo { OutcomeCode::NotFound, "ORDER_NOT_FOUND", 404 },
    OutcomeInfo { OutcomeCode::NotReady, "ORDER_NOT_READY", 400 },
    OutcomeInfo { OutcomeCode::NotActive, "ORDER_NOT_ACTIVE", 400 },
    OutcomeInfo { OutcomeCode::NotReleasable, "ORDER_NOT_RELEASABLE", 400 },
    OutcomeInfo { OutcomeCode::DriverNotFound, "DRIVER_NOT_FOUND", 404 },
    OutcomeInfo { OutcomeCode::DriverInactive, "DRIVER_INACTIVE", 403 },
    OutcomeInfo { OutcomeCode::InvalidRequest, "INVALID_REQUEST", 400 },
    OutcomeInfo { OutcomeCode::PermissionDenied, "PERMISSION_DENIED", 403 },
    OutcomeInfo { OutcomeCode::Busy, "ORDER_BUSY", 503 },
    OutcomeInfo { OutcomeCode::IntegrityAlert, "INTEGRITY_ALERT", 500 },
    OutcomeInfo { OutcomeCode::ResultUnknown, "RESULT_UNKNOWN", 503 },
    OutcomeInfo { OutcomeCode::DatabaseUnavailable, "DATABASE_UNAVAILABLE", 503 },
};

// Q_DECLARE_TR_FUNCTIONS gives lupdate and the runtime the same context.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ClaimOutcome)
};

QString secondsAgo(const QDateTime &since)
{
    if (!since.isValid())
        return {};
    const qint64 secs = std::max<qint64>(0, since.secsTo(QDateTime::currentDateTimeUtc()));
    return QCoreApplication::translate("ClaimOutcome", "%n s ago", nullptr, int(secs));
}

} // namespace

QString claimSourceName(ClaimSource source)
{
    switch (source) {
    case ClaimSource::Console:
        return QStringLiteral("console");
    case ClaimSource::Simulation:
        return QStringLiteral("simulation");
    case ClaimSource::Http:
        return QStringLiteral("http");
    case ClaimSource::Sql:
        return QStringLiteral("sql");
    }
    return QStringLiteral("console");
}

SqlStateRule classifySqlState(const QString &state)
{
    if (state == QLatin1String("40001") || state == QLatin1String("40P01"))
        return { OutcomeCode::Busy, true }; // serialization failure, deadlock
    if (state == QLatin1String("55P03") || state == QLatin1String("57014"))
        return { OutcomeCode::Busy, false }; // lock_timeout, statement_timeout
    if (state == QLatin1String("42501"))
        return { OutcomeCode::PermissionDenied, false };
    if (state == QLatin1String("22023") || state == QLatin1String("22P02")
        || state == QLatin1String("22003"))
        return { OutcomeCode::InvalidRequest, false };
    if (state.startsWith(QLatin1String("23")))
        return { OutcomeCode::IntegrityAlert, false }; // 23514, 23505, 23503: a broken invariant
    // 08xxx, 57P01–57P03, no SQLSTATE at all (socket gone): the answer was lost.
    return { OutcomeCode::DatabaseUnavailable, false };
}

const OutcomeInfo &outcomeInfo(OutcomeCode code)
{
    for (const auto &info : kOutcomes) {
        if (info.code == code)
            return info;
    }
    return kOutcomes.back();
}

std::optional<OutcomeCode> outcomeCodeFromName(QStringView name)
{
    for (const auto &info : kOutcomes) {
        if (name == QLatin1StringView(info.name))
            return info.code;
    }
    return std::nullopt;
}

ClaimOutcome ClaimOutcome::fromCodeName(const QString &name)
{
    ClaimOutcome outcome;
    if (const auto code = outcomeCodeFromName(name)) {
        outcome.code = *code;
    } else {
        outcome.code = OutcomeCode::DatabaseUnavailable;
        outcome.detail
            = Text::tr("The database answered with an outcome this console does not know.");
    }
    return outcome;
}

bool ClaimOutcome::isSuccess() const
{
    return httpStatus() == 200;
}

bool ClaimOutcome::isConflict() const
{
    return httpStatus() == 409;
}

QString ClaimOutcome::codeName() const
{
    return QString::fromLatin1(outcomeInfo(code).name);
}

int ClaimOutcome::httpStatus() const
{
    return outcomeInfo(code).httpStatus;
}

QString ClaimOutcome::message() const
{
    const QString order = QString::number(orderId);
    const QString holder
        = holderName.isEmpty() && holderId ? Text::tr("driver %1").arg(*holderId) : holderName;
    const QString driver = driverName.isEmpty() ? Text::tr("driver %1").arg(driverId) : driverName;
    switch (code) {
    case OutcomeCode::Assigned:
        return Text::tr("Order %1 assigned to %2.").arg(order, holder);
    case OutcomeCode::Released:
        return Text::tr("Order %1 is back on the board.").arg(order);
    case OutcomeCode::Held:
        return Text::tr("Order %1 held for you until %2.")
            .arg(order, heldUntil.toLocalTime().toString(QStringLiteral("HH:mm:ss")));
    case OutcomeCode::Reassigned:
        return Text::tr("Order %1 reassigned to %2.").arg(order, holder);
    case OutcomeCode::PickedUp:
        return Text::tr("Order %1 picked up by %2.").arg(order, holder);
    case OutcomeCode::InTransit:
        return Text::tr("Order %1 is on its way with %2.").arg(order, holder);
    case OutcomeCode::Delivered:
        return Text::tr("Order %1 delivered by %2.").arg(order, holder);
    case OutcomeCode::Failed:
        return Text::tr("Order %1 marked as failed.").arg(order);
    case OutcomeCode::Cancelled:
        return Text::tr("Order %1 cancelled.").arg(order);
    case OutcomeCode::ShiftStarted:
        return Text::tr("%1 is on shift.").arg(driver);
    case OutcomeCode::ShiftEnded:
        return Text::tr("%1 is off shift; orders in hand can still be delivered.").arg(driver);
    case OutcomeCode::CapacitySet:
        return Text::tr("The capacity of %1 was changed.").arg(driver);
    case OutcomeCode::WrongStatus:
        return Text::tr("409 Conflict — order %1 is %2; that step is not possible from there.")
            .arg(order, orderStatus);
    case OutcomeCode::DriverOffShift:
        return Text::tr("409 Conflict — %1 is off shift; start a shift to take orders.")
            .arg(driver);
    case OutcomeCode::DriverAtCapacity:
        return Text::tr("409 Conflict — %1 already carries as many orders as allowed; "
                        "deliver one first.")
            .arg(driver);
    case OutcomeCode::AlreadyYours:
        return Text::tr("Order %1 is already assigned to this driver (%2).")
            .arg(order, secondsAgo(since));
    case OutcomeCode::AlreadyAssigned:
        return Text::tr("409 Conflict — order %1 already assigned to %2 %3.")
            .arg(order, holder, secondsAgo(since));
    case OutcomeCode::OrderHeld:
        return Text::tr("409 Conflict — order %1 is held by %2 until %3.")
            .arg(order, heldBy, heldUntil.toLocalTime().toString(QStringLiteral("HH:mm:ss")));
    case OutcomeCode::OrderChanged:
        return Text::tr("409 Conflict — order %1 changed while you were claiming it; try again.")
            .arg(order);
    case OutcomeCode::NotHeldByDriver:
        return holderId
            ? Text::tr("409 Conflict — order %1 is now assigned to %2, not to this driver.")
                  .arg(order, holder)
            : Text::tr("409 Conflict — order %1 is no longer assigned to anyone.").arg(order);
    case OutcomeCode::NotFound:
        return Text::tr("Order %1 does not exist.").arg(order);
    case OutcomeCode::NotReady:
        return Text::tr("Order %1 is not ready (it is %2).").arg(order, orderStatus);
    case OutcomeCode::NotActive:
        return Text::tr("Order %1 is no longer active.").arg(order);
    case OutcomeCode::NotReleasable:
        return Text::tr("Order %1 is already %2; it can no longer be put back.")
            .arg(order, orderStatus);
    case OutcomeCode::DriverNotFound:
        return Text::tr("Driver %1 does not exist.").arg(driverId);
    case OutcomeCode::DriverInactive:
        return Text::tr("Driver %1 is not active.").arg(driverId);
    case OutcomeCode::InvalidRequest:
        return detail.isEmpty() ? Text::tr("The request was not valid.") : detail;
    case OutcomeCode::PermissionDenied:
        return Text::tr(
            "This login may not change orders (permission denied); nothing was changed.");
    case OutcomeCode::Busy:
        return Text::tr(
                   "Order %1 is being changed by someone else right now; try again in a moment.")
            .arg(order);
    case OutcomeCode::IntegrityAlert:
        return Text::tr(
                   "The database refused a change to order %1 that would break its rules; nothing "
                   "was changed. Please report this.")
            .arg(order);
    case OutcomeCode::ResultUnknown:
        return Text::tr(
                   "The answer to the claim on order %1 was lost and could not be checked; look "
                   "at the board before trying again.")
            .arg(order);
    case OutcomeCode::DatabaseUnavailable:
        return detail.isEmpty()
            ? Text::tr("The database is unavailable. Check the board before trying again.")
            : Text::tr("The database is unavailable (%1). Check the board before trying again.")
                  .arg(detail);
    }
    return {};
}
