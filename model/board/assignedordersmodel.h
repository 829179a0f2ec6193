#pragma once

#include "db/querymodel.h"

// Orders assigned to a driver and not yet picked up, newest first: the dispatcher's
// "Assigned" tab, from which an assignment can be undone or moved to another driver.
// SortRole gives each column's real value (seconds assigned, the order number as a number),
// so a view sorting through a proxy never sorts "9 min" after "10 min".
class AssignedOrdersModel : public QueryModel
{
    Q_OBJECT
public:
    enum class Column { Id, Driver, Status, AssignedFor, Pickup, Dropoff, Customer, Count };
    enum Role { OrderIdRole = Qt::UserRole + 1, DriverIdRole, SortRole };
    // What the Status column says, worst last (its sort value).
    enum class DriverState { WaitingForPickup, DriverOffShift, DriverInactive };

    explicit AssignedOrdersModel(QSqlDatabase db, QObject *parent = nullptr);
    bool refresh();
    static constexpr int maxRows() { return 2000; }
    qint64 orderIdAt(int row) const;
    qint64 driverIdAt(int row) const;
    QString driverNameAt(int row) const;
    DriverState driverStateAt(int row) const;
    int rowOfOrder(qint64 orderId) const;
    // As the ready board filters: the order number exactly, or the text anywhere in the
    // driver's name, the customer, the pickup or the drop-off (case-insensitive). Empty: all.
    bool rowMatches(int row, const QString &text) const;

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    int columnCount(const QModelIndex &parent = {}) const override;

private:
    QSqlDatabase m_db;
};
