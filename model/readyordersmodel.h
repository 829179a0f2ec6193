#pragma once

#include <QSqlQueryModel>

// The live ready board: orders a driver may claim right now, oldest first. A
// QSqlQueryModel whose query is bound (filter text is a bound value, never spliced) and
// bounded (QPSQL fetches every row, so the board shows at most maxRows()).
// Lives on the GUI thread, on the GUI thread's connection.
class ReadyOrdersModel : public QSqlQueryModel
{
    Q_OBJECT
public:
    enum class Column { Id, Age, Pickup, Dropoff, Customer, Total, Hold, Count };
    enum Role { OrderIdRole = Qt::UserRole + 1, ReadyAtRole, HeldUntilRole };

    explicit ReadyOrdersModel(QSqlDatabase db, QObject *parent = nullptr);

    // Re-runs the query with the current filter. Returns false (see lastError()) when
    // the database could not be read; the previous rows stay on screen.
    bool refresh();
    void setFilterText(const QString &text);
    QString filterText() const { return m_filter; }
    static constexpr int maxRows() { return 5000; }

    qint64 orderIdAt(int row) const;
    int rowOfOrder(qint64 orderId) const;

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    int columnCount(const QModelIndex &parent = {}) const override;

signals:
    void refreshed(int rowCount);

private:
    // One value of the query row, straight from the base model (data() is ours).
    QVariant raw(int row, int queryColumn) const;
    QSqlDatabase m_db;
    QString m_filter;
};
