#pragma once

#include "db/querymodel.h"

// Orders assigned to a driver and not yet picked up, newest first: the dispatcher's
// "Assigned" tab, from which an assignment can be undone or moved to another driver.
class AssignedOrdersModel : public QueryModel
{
    Q_OBJECT
public:
    enum class Column { Id, Driver, AssignedFor, Pickup, Dropoff, Customer, Count };
    enum Role { OrderIdRole = Qt::UserRole + 1, DriverIdRole };

    explicit AssignedOrdersModel(QSqlDatabase db, QObject *parent = nullptr);
    bool refresh();
    qint64 orderIdAt(int row) const;
    qint64 driverIdAt(int row) const;
    QString driverNameAt(int row) const;
    int rowOfOrder(qint64 orderId) const;

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    int columnCount(const QModelIndex &parent = {}) const override;

private:
    QSqlDatabase m_db;
};
