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

} // namespace DemoData
