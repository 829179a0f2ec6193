#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

class QJsonValue;

// One change of an orders_changed notification, parsed. A payload is one object
// {id, op, status, driver_id} (the history trigger of sql/012, servers before 019) or a JSON
// array of them (the change feed of sql/019, many changes per notification, in commit
// order). Whatever is not that shape (garbage, a foreign NOTIFY, the feed's {"reread": …},
// a missing field, an id that is not a positive bigint) is Unknown: the board cannot
// explain it and re-reads itself soon. Qt Core only; no database.
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

    // Never empty: the payload's changes in order; one Unknown for a payload that is not
    // an object or an array, an Unknown in place of each element that is not a change.
    static QList<OrderChange> parse(const QString &payload);
    static OrderChange parseObject(const QJsonValue &value);
    static OrderChange unknown() { return {}; }
};

Q_DECLARE_METATYPE(OrderChange)
