#pragma once

#include <QMetaType>
#include <QString>

// One row of an orders_changed notification (sql/012: json {id, op, status, driver_id}),
// parsed. A payload that is not that shape (garbage, a foreign NOTIFY, a missing field, an
// id that is not a positive bigint) is Unknown: the board cannot explain it and re-reads
// itself soon. Qt Core only; no database.
struct OrderChange
{
    enum class Op { Unknown, Insert, Update, Delete };

    qint64 id = 0;
    Op op = Op::Unknown;
    QString status; // "ready", "assigned", … (empty for Unknown)
    qint64 driverId = 0; // 0: no driver

    bool isKnown() const { return op != Op::Unknown; }
    // Still on the ready board after this change: ready and without a driver. (is_active is
    // not in the payload; an inactive ready order is told by the re-query.)
    bool isReady() const { return isKnown() && status == QLatin1String("ready") && driverId == 0; }

    static OrderChange parse(const QString &payload);
    static OrderChange unknown() { return {}; }
};

Q_DECLARE_METATYPE(OrderChange)
