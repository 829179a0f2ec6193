#include "board/orderchange.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <limits>

namespace {

// A JSON number that is a positive whole number a bigint can hold, exactly. json_build_object
// writes bigints as numbers; QJsonValue holds them as double, exact up to 2^53, and ids
// beyond that are refused rather than rounded to some other order's id.
bool positiveId(const QJsonValue &value, qint64 *out)
{
    if (!value.isDouble())
        return false;
    const double number = value.toDouble();
    constexpr double kExact = 9007199254740992.0; // 2^53
    if (!(number >= 1.0) || number > kExact || number != double(qint64(number)))
        return false;
    *out = qint64(number);
    return true;
}

} // namespace

QList<OrderChange> OrderChange::parse(const QString &payload)
{
    if (payload.size() > 8000)
        return { unknown() }; // not ours: NOTIFY's payload is shorter than 8,000 bytes
    QJsonParseError error {};
    const QJsonDocument document = QJsonDocument::fromJson(payload.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        return { unknown() };
    if (document.isObject())
        return { parseObject(document.object()) };
    const QJsonArray array = document.array();
    if (!document.isArray() || array.isEmpty())
        return { unknown() };
    QList<OrderChange> changes;
    changes.reserve(array.size());
    for (const QJsonValue &element : array)
        changes.append(parseObject(element));
    return changes;
}

OrderChange OrderChange::parseObject(const QJsonValue &value)
{
    if (!value.isObject())
        return unknown();
    const QJsonObject object = value.toObject();
    OrderChange change;
    if (!positiveId(object.value(QLatin1String("id")), &change.id))
        return unknown();
    const QString op = object.value(QLatin1String("op")).toString();
    if (op == QLatin1String("INSERT"))
        change.op = Op::Insert;
    else if (op == QLatin1String("UPDATE"))
        change.op = Op::Update;
    else if (op == QLatin1String("DELETE"))
        change.op = Op::Delete;
    else
        return unknown();
    const QJsonValue status = object.value(QLatin1String("status"));
    if (!status.isString() || status.toString().isEmpty())
        return unknown();
    change.status = status.toString();
    const QJsonValue driver = object.value(QLatin1String("driver_id"));
    if (driver.isNull()) {
        change.driverId = 0;
    } else if (!positiveId(driver, &change.driverId)) {
        return unknown(); // missing or not an id: cannot say whether it still is ready
    }
    return change;
}
