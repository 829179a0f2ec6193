#pragma once

#include "db/querymodel.h"

#include <QDateTime>

// Orders between the claim and the door (driver_assigned, picked_up, in_transit): the
// dispatcher's "In delivery" board. Soonest promise first. Time in the current status and
// time left to the promise are computed against the clock on every data() call, so a view
// repainted once a second shows them live without a query; refresh() re-reads the rows (on
// a change notification). An order about to miss its promise reads "due in 4 min", a late
// one "late by 7 min": always words; UrgencyRole lets the view add amber and red.
class InDeliveryModel : public QueryModel
{
    Q_OBJECT
public:
    enum class Column {
        Id,
        Status,
        Driver,
        InStatusFor,
        Promise,
        Pickup,
        Dropoff,
        Customer,
        Count
    };
    enum Role { OrderIdRole = Qt::UserRole + 1, DriverIdRole, StatusRole, UrgencyRole };
    // How close to its promise an order is (minutes left: > kSoonMinutes, 0..kSoonMinutes, < 0).
    enum class Urgency { None, OnTime, Soon, Late };
    static constexpr int kSoonMinutes = 10;

    explicit InDeliveryModel(QSqlDatabase db, QObject *parent = nullptr);
    bool refresh();
    qint64 orderIdAt(int row) const;
    qint64 driverIdAt(int row) const;
    QString statusAt(int row) const; // the database's name: driver_assigned, picked_up, …
    QDateTime promisedAt(int row) const; // UTC; invalid when nothing was promised
    Urgency urgencyAt(int row, const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    int rowOfOrder(qint64 orderId) const;
    // "2 assigned · 1 picked up · 3 in transit · 1 late"
    QString summary() const;

    static QString statusLabel(const QString &status);
    static QString duration(qint64 seconds); // "45 s", "12 min", "1 h 5 min"

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    int columnCount(const QModelIndex &parent = {}) const override;

private:
    QSqlDatabase m_db;
};
