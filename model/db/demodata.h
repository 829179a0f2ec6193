#pragma once

#include <QSqlDatabase>
#include <QString>

// Realistic drivers and ready orders for a first look, training and benchmarks. Generated
// by the server (generate_series), so a million orders take seconds, not minutes; the same
// seed gives the same data.
namespace DemoData {

struct Result
{
    bool ok = false;
    int driversAdded = 0;
    int ordersAdded = 0;
    QString error;
};

// Adds `drivers` drivers (two of every ten inactive) and `readyOrders` ready orders.
Result seed(QSqlDatabase db, int drivers, int readyOrders, quint32 randomSeed = 42);

// Adds `count` orders already in delivery (claimed by the active drivers in turn, some picked
// up, some in transit), with promises from 30 minutes ahead to 4 minutes late, so the In
// delivery board has something to show. ordersAdded: how many got a driver.
Result startDeliveries(QSqlDatabase db, int count = 6);

} // namespace DemoData
