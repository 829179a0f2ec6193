#include "board/orderdetails.h"

#include "core/textinput.h"
#include "db/databaseconnection.h"
#include "db/statementcache.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

QList<OrderDetails::Item> OrderDetails::parseItems(const QByteArray &json)
{
    QList<Item> items;
    const QJsonDocument document = QJsonDocument::fromJson(json);
    for (const QJsonValue &value : document.array()) {
        const QJsonObject object = value.toObject();
        const QString name = TextInput::cleaned(object.value(QLatin1String("name")).toString());
        if (name.isEmpty())
            continue;
        const int quantity = object.value(QLatin1String("qty")).toInt(1);
        items.append({ name, quantity > 0 ? quantity : 1 });
    }
    return items;
}

QString OrderDetails::itemsText() const
{
    QStringList parts;
    for (const Item &item : items)
        parts << QStringLiteral("%1 × %2").arg(item.quantity).arg(item.name);
    return parts.join(QStringLiteral(", "));
}

OrderDetails OrderDetails::read(QSqlDatabase db, qint64 orderId)
{
    OrderDetails details;
    details.orderId = orderId;
    QSqlQuery query = StatementCache::unnamed(db);
    query.prepare(QStringLiteral(
        "SELECT o.status, o.customer, o.customer_phone, o.pickup, o.dropoff, o.notes,"
        "       o.items::text, o.promised_at, d.name"
        "  FROM orders o LEFT JOIN drivers d ON d.id = o.driver_id"
        " WHERE o.id = ?"));
    query.addBindValue(orderId);
    if (!query.exec()) {
        details.error = QCoreApplication::translate("OrderDetails",
                                                    "The order's details could not be read: %1")
                            .arg(DatabaseConnection::describe(query.lastError()));
        return details;
    }
    if (!query.next())
        return details; // gone: found stays false
    details.found = true;
    details.status = query.value(0).toString();
    details.customer = query.value(1).toString();
    details.phone = query.value(2).toString();
    details.pickup = query.value(3).toString();
    details.dropoff = query.value(4).toString();
    details.notes = query.value(5).toString();
    details.items = parseItems(query.value(6).toString().toUtf8());
    details.promisedAt = TextInput::utc(query.value(7));
    details.driverName = query.value(8).toString();
    return details;
}
