#pragma once

#include "db/querymodel.h"

// Drivers beside the board, most useful first: available (on shift with room), then busy
// (at capacity), then off shift, then inactive; each with its load ("2 / 3") and when its
// app was last seen. Inactive drivers are shown greyed and cannot be selected.
class DriversModel : public QueryModel
{
    Q_OBJECT
public:
    enum class Column { Name, State, Holding, LastSeen, Count };
    enum Role { DriverIdRole = Qt::UserRole + 1, ActiveRole, StateRole };
    enum class State { Available, Busy, OffShift, Inactive };

    explicit DriversModel(QSqlDatabase db, QObject *parent = nullptr);

    bool refresh();
    void setHideInactive(bool hide) { m_hideInactive = hide; }
    bool hidesInactive() const { return m_hideInactive; }
    qint64 driverIdAt(int row) const;
    bool isActiveAt(int row) const;
    State stateAt(int row) const;
    static QString stateLabel(State state);
    int rowOfDriver(qint64 driverId) const;

    // A driver to give an order to, with why, in words ("0 of 3 orders, seen just now").
    struct Suggestion
    {
        qint64 driverId = 0;
        QString name;
        QString reason;
    };
    // The drivers a claim would accept now (active, on shift, with room), best first: the
    // least loaded, then the most room left, then the app seen most recently (a driver who
    // answers), then by name. From the rows already read: no query, as live as the list.
    // Without a map the order's place cannot count (docs/guide.md says what one would need).
    QList<Suggestion> suggestions(int max = 3) const;
    // "just now", "4 min ago", "2 h ago", "never" for a last-seen time (UTC), as of `now`.
    static QString lastSeenText(const QVariant &seenAt, const QDateTime &now);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    // Orders dragged from the board onto a driver: the model only reports the wish.
    QStringList mimeTypes() const override;
    Qt::DropActions supportedDropActions() const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

signals:
    void assignRequested(const QList<qint64> &orderIds, qint64 driverId);

private:
    QSqlDatabase m_db;
    bool m_hideInactive = false;
};
