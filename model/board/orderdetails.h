#pragma once

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <optional>

// What a dispatcher needs about one order beyond the board's columns: who to call, what to
// bring, what was promised (sql/015's customer_phone, notes, items, promised_at). Read by
// primary key on the console's own connection when the selection changes; one statement.
struct OrderDetails
{
    struct Item
    {
        QString name;
        int quantity = 1;
    };

    qint64 orderId = 0;
    bool found = false;
    QString error; // for a person; empty when read
    QString status;
    QString customer;
    QString phone;
    QString pickup;
    QString dropoff;
    QString notes;
    QList<Item> items;
    QDateTime promisedAt; // UTC; invalid when nothing was promised
    QString driverName; // empty while nobody holds it

    // "2 × Margherita, 1 × Cola"; items without a usable name are left out.
    QString itemsText() const;
    // The items column as stored (a JSON array of {"name", "qty"}); anything else gives none.
    static QList<Item> parseItems(const QByteArray &json);

    static OrderDetails read(QSqlDatabase db, qint64 orderId);
};
