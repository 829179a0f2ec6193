#include "inspector/inspectorpages.h"

#include "core/csvwriter.h"

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

namespace {

// Q_DECLARE_TR_FUNCTIONS gives lupdate and the runtime the same context.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(Inspector)
};

QString driverText(const std::optional<qint64> &id, const QString &name)
{
    if (!id)
        return Text::tr("nobody");
    return name.isEmpty() ? QStringLiteral("#%1").arg(*id)
                          : QStringLiteral("%1 (#%2)").arg(name).arg(*id);
}

QString csvTime(const QDateTime &utc)
{
    return utc.isValid() ? utc.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QVariant optionalId(const std::optional<qint64> &id)
{
    return id ? QVariant(*id) : QVariant();
}

void appendFields(QStringList &lines, const QList<LabelledField> &fields)
{
    qsizetype width = 0;
    for (const LabelledField &field : fields)
        width = std::max(width, field.label.size());
    for (const LabelledField &field : fields)
        lines << QStringLiteral("  %1  %2")
                     .arg(field.label + QLatin1Char(':'), -int(width + 1))
                     .arg(field.isNull ? QStringLiteral("—") : field.value);
}

QString attemptLine(const ClaimAttemptEntry &attempt, bool withOrder)
{
    QString line = QStringLiteral("  %1  ").arg(inspectorTimeText(attempt.at));
    if (withOrder)
        line += Text::tr("order %1  ").arg(attempt.orderId);
    line += QStringLiteral("%1  %2  via %3  %4  %5")
                .arg(driverText(attempt.driverId, attempt.driverName))
                .arg(attempt.httpStatus > 0 ? QString::number(attempt.httpStatus)
                                            : QStringLiteral("—"))
                .arg(LifecycleEvent::sourceLabelFor(attempt.source), attempt.latencyText(),
                     attempt.outcome);
    line += QStringLiteral("  — ") + attempt.verdict();
    return line;
}

} // namespace

QString inspectorTimeText(const QDateTime &utc)
{
    if (!utc.isValid())
        return {};
    return utc.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

QString LifecycleEvent::sourceLabelFor(const QString &source)
{
    if (source == QLatin1String("http"))
        return QStringLiteral("HTTP");
    if (source == QLatin1String("sql"))
        return Text::tr("SQL (claim function)");
    return source; // console, simulation, direct SQL: already what a person reads
}

QString LifecycleEvent::kindName() const
{
    switch (kind) {
    case Kind::Created:
        return Text::tr("created");
    case Kind::StatusChange:
        return Text::tr("status change");
    case Kind::Assignment:
        return Text::tr("assignment");
    case Kind::Release:
        return Text::tr("release");
    case Kind::Reassignment:
        return Text::tr("reassignment");
    case Kind::Hold:
        return Text::tr("hold");
    case Kind::HoldEnded:
        return Text::tr("hold ended");
    case Kind::ActiveChange:
        return Text::tr("active flag");
    case Kind::Deleted:
        return Text::tr("deleted");
    }
    return {};
}

QString LifecycleEvent::summary() const
{
    QStringList parts;
    switch (kind) {
    case Kind::Created:
        parts << Text::tr("Created as %1").arg(newStatus);
        if (newDriverId)
            parts << Text::tr("with %1").arg(driverText(newDriverId, newDriverName));
        return parts.join(QLatin1Char(' '));
    case Kind::Deleted:
        return Text::tr("Deleted (was %1)").arg(oldStatus);
    case Kind::Assignment:
        parts << Text::tr("Assigned to %1").arg(driverText(newDriverId, newDriverName));
        break;
    case Kind::Release:
        parts << Text::tr("Released by %1").arg(driverText(oldDriverId, oldDriverName));
        break;
    case Kind::Reassignment:
        parts << Text::tr("Reassigned from %1 to %2")
                     .arg(driverText(oldDriverId, oldDriverName),
                          driverText(newDriverId, newDriverName));
        break;
    case Kind::Hold:
        parts << Text::tr("Held by %1 until %2")
                     .arg(newReservedBy,
                          newReservedUntil.toLocalTime().toString(QStringLiteral("HH:mm:ss")));
        break;
    case Kind::HoldEnded:
        parts << Text::tr("Hold by %1 ended").arg(oldReservedBy);
        break;
    case Kind::ActiveChange:
        parts << (isActive ? Text::tr("Made active") : Text::tr("Made inactive"));
        break;
    case Kind::StatusChange:
        break;
    }
    if (oldStatus != newStatus)
        parts << QStringLiteral("%1 → %2").arg(oldStatus, newStatus);
    else if (parts.isEmpty())
        parts << Text::tr("Status stays %1").arg(newStatus);
    return parts.join(QLatin1String("; "));
}

QString ClaimAttemptEntry::verdict() const
{
    if (isWin())
        return Text::tr("won");
    if (isConflict()) {
        if (holderId)
            return Text::tr("lost (%1): held by %2")
                .arg(httpStatus)
                .arg(driverText(holderId, holderName));
        return Text::tr("lost (%1)").arg(httpStatus);
    }
    return httpStatus > 0 ? Text::tr("refused (%1)").arg(httpStatus) : Text::tr("refused");
}

QString ClaimAttemptEntry::latencyText() const
{
    return QStringLiteral("%1 ms").arg(QLocale::c().toString(double(latencyUs) / 1000.0, 'f', 3));
}

int OrderPage::wins() const
{
    return int(std::count_if(attempts.cbegin(), attempts.cend(),
                             [](const ClaimAttemptEntry &a) { return a.isWin(); }));
}

int OrderPage::conflicts() const
{
    return int(std::count_if(attempts.cbegin(), attempts.cend(),
                             [](const ClaimAttemptEntry &a) { return a.isConflict(); }));
}

QString OrderPage::toPlainText() const
{
    QStringList lines;
    if (!found) {
        lines << (error.isEmpty() ? Text::tr("Order %1: not found.").arg(orderId)
                                  : Text::tr("Order %1: %2").arg(orderId).arg(error));
        return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
    }
    lines << Text::tr("Order %1 — %2, driver %3 (read %4)")
                 .arg(orderId)
                 .arg(status, driverText(driverId, driverName), inspectorTimeText(readAt));
    lines << QString() << Text::tr("Current row");
    appendFields(lines, fields);

    lines << QString()
          << QCoreApplication::translate("Inspector", "Lifecycle (%n event(s), oldest first)",
                                         nullptr, int(lifecycle.size()));
    for (const LifecycleEvent &event : lifecycle) {
        QString line = QStringLiteral("  %1  %2  [%3]  by %4 via %5")
                           .arg(inspectorTimeText(event.at), event.summary(), event.kindName(),
                                event.actor, event.sourceLabel());
        if (!event.reason.isEmpty())
            line += Text::tr("  reason: %1").arg(event.reason);
        lines << line;
    }
    if (lifecycleTruncated)
        lines << Text::tr("  … only the first %1 events are shown").arg(kMaxLifecycle);

    lines << QString()
          << Text::tr("Claim attempts (%1, oldest first): %2 won, %3 conflicts (409)")
                 .arg(attempts.size())
                 .arg(wins())
                 .arg(conflicts());
    for (const ClaimAttemptEntry &attempt : attempts)
        lines << attemptLine(attempt, false);
    if (attemptsTruncated)
        lines << Text::tr("  … only the first %1 attempts are shown").arg(kMaxAttempts);
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString OrderPage::historyCsv() const
{
    CsvWriter csv;
    csv.addHeader(QStringLiteral("order_id,history_id,changed_at_utc,operation,event,summary,"
                                 "old_status,new_status,old_driver_id,old_driver,new_driver_id,"
                                 "new_driver,old_reserved_by,new_reserved_by,"
                                 "new_reserved_until_utc,is_active,source,actor,reason,txid")
                      .split(QLatin1Char(',')));
    for (const LifecycleEvent &e : lifecycle) {
        csv.addRow({ orderId,
                     e.historyId,
                     csvTime(e.at),
                     e.operation,
                     e.kindName(),
                     e.summary(),
                     e.oldStatus,
                     e.newStatus,
                     optionalId(e.oldDriverId),
                     e.oldDriverName,
                     optionalId(e.newDriverId),
                     e.newDriverName,
                     e.oldReservedBy,
                     e.newReservedBy,
                     csvTime(e.newReservedUntil),
                     e.isActive ? QStringLiteral("true") : QStringLiteral("false"),
                     e.source,
                     e.actor,
                     e.reason,
                     e.txid });
    }
    return csv.text();
}

QString DriverPage::toPlainText() const
{
    QStringList lines;
    if (!found) {
        lines << (error.isEmpty() ? Text::tr("Driver %1: not found.").arg(driverId)
                                  : Text::tr("Driver %1: %2").arg(driverId).arg(error));
        return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
    }
    if (countsCapped) {
        lines << Text::tr("Driver %1 (#%2) — of the last %3 attempts: %4 won, %5 conflicts (409),"
                          " %6 other refusals (read %7)")
                     .arg(name)
                     .arg(driverId)
                     .arg(kMaxCountedAttempts)
                     .arg(wins)
                     .arg(conflicts)
                     .arg(otherAttempts)
                     .arg(inspectorTimeText(readAt));
    } else {
        lines << Text::tr(
                     "Driver %1 (#%2) — %3 won, %4 conflicts (409), %5 other refusals (read %6)")
                     .arg(name)
                     .arg(driverId)
                     .arg(wins)
                     .arg(conflicts)
                     .arg(otherAttempts)
                     .arg(inspectorTimeText(readAt));
    }
    lines << QString();
    appendFields(lines, fields);
    const auto orderLines = [&lines](const QList<DriverOrderEntry> &orders) {
        for (const DriverOrderEntry &o : orders) {
            QString line = QStringLiteral("  %1  %2  %3  %4  %5")
                               .arg(o.orderId)
                               .arg(o.status, o.customer, o.dropoff, inspectorTimeText(o.at));
            if (o.nowWithDriverId)
                line += Text::tr("  now with %1")
                            .arg(driverText(o.nowWithDriverId, o.nowWithDriverName));
            lines << line;
        }
    };
    lines << QString() << Text::tr("Current orders (%1)").arg(currentOrders.size());
    orderLines(currentOrders);
    lines << QString() << Text::tr("Past orders (%1)").arg(pastOrders.size());
    orderLines(pastOrders);
    lines << QString() << Text::tr("Recent claim attempts (newest first)");
    for (const ClaimAttemptEntry &attempt : recentAttempts)
        lines << attemptLine(attempt, true);
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}
