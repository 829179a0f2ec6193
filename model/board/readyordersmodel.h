#pragma once

#include "board/orderchange.h"
#include "core/claimoutcome.h"
#include "db/querymodel.h"

#include <QDateTime>
#include <QHash>

// The live ready board: orders a driver may claim right now, oldest first. A
// QSqlQueryModel whose query is bound (filter text is a bound value, never spliced),
// bounded (QPSQL fetches every row, so at most maxRows()), and sorted by a whitelisted
// column.
//
// It also remembers what this console did to each order: a claim in flight (pending)
// and the last outcome. An order whose claim just won or lost stays on the board for
// outcomeVisibleSeconds() after it stopped being ready, so the dispatcher sees the green
// flash or the red 409 with the winner's name, then it goes.
//
// Colours are not chosen here (Qt Core only): the roles say what happened, ui/ paints.
// Lives on the GUI thread, on the GUI thread's connection.
class ReadyOrdersModel : public QueryModel
{
    Q_OBJECT
public:
    enum class Column { Id, Age, Pickup, Dropoff, Customer, Total, Hold, Count };
    enum Role {
        OrderIdRole = Qt::UserRole + 1,
        ReadyAtRole, // QDateTime (UTC)
        AgeSecondsRole, // qint64
        HeldUntilRole, // QDateTime, null when not held
        IsReadyRole, // false for a row kept only to show an outcome
        PendingRole, // bool: a claim from this console is in flight
        OutcomeCodeRole, // QString: "ASSIGNED", "ORDER_ALREADY_ASSIGNED", … or empty
        OutcomeStatusRole, // int: 200, 409, 404, …
        OutcomeMessageRole // QString: the sentence shown in tooltip and banner
    };

    static constexpr auto kMimeType = "application/x-dispatch-order-ids";

    explicit ReadyOrdersModel(QSqlDatabase db, QObject *parent = nullptr);

    // Re-runs the query. Returns false (see lastError()) when the database could not be
    // read; the previous rows stay on screen.
    bool refresh();
    void setFilterText(const QString &text);
    QString filterText() const { return m_filter; }
    static constexpr int maxRows() { return 5000; }
    static constexpr int outcomeVisibleSeconds() { return 8; }

    int readyCount() const { return m_readyCount; }
    // Every ready order, whatever the filter (the same as readyCount() without one).
    int readyTotal() const { return m_readyTotal; }
    // How many full re-reads (board SELECTs) this model has run: what tests count.
    int queryCount() const { return m_queryCount; }

    // What a notification needs next: nothing the payload could not say (Paced: a re-read
    // within the pacer's window reconciles), or a re-read now (Soon: a new ready order, a
    // change of a shown ready order, or a payload it cannot explain).
    enum class Refresh { Paced, Soon };
    // An order that left 'ready' or got a driver is hidden at once, without a query (its
    // row stays in the query result until the next re-read; rowCount and readyCount
    // follow). Rows kept for this console's own outcome stay.
    Refresh applyChange(const OrderChange &change);
    qint64 orderIdAt(int row) const;
    int rowOfOrder(qint64 orderId) const;

    void markPending(qint64 orderId);
    void setOutcome(const ClaimOutcome &outcome);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    void sort(int column, Qt::SortOrder order) override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;

    static QList<qint64> orderIdsFromMime(const QMimeData *mime);

signals:
    void refreshed(int readyCount);

private:
    struct Annotation
    {
        bool pending = false;
        ClaimOutcome outcome;
        bool hasOutcome = false;
        QDateTime at;
    };
    void notifyRowChanged(qint64 orderId);
    // The query row behind a view row (rows hidden by applyChange are skipped).
    int sourceRow(int row) const { return m_allRows ? row : m_rows.at(row); }
    QVariant at(int row, int queryColumn) const { return raw(sourceRow(row), queryColumn); }
    QString orderByClause() const;

    QSqlDatabase m_db;
    QString m_filter;
    Column m_sortColumn = Column::Age;
    Qt::SortOrder m_sortOrder = Qt::DescendingOrder; // oldest (longest waiting) first
    QHash<qint64, Annotation> m_annotations;
    int m_readyCount = 0;
    int m_readyTotal = 0;
    int m_queryCount = 0;
    // Until the first hide after a re-read every query row is shown (m_allRows); then
    // m_rows lists the shown query rows in order.
    bool m_allRows = true;
    QList<int> m_rows;
    // Order id → query row, built on the first lookup after a re-read: every notification
    // looks its order up, and a walk over 5,000 rows per change was most of a console's CPU
    // under a stream of claims.
    mutable QHash<qint64, int> m_queryRowOfOrder;
    mutable bool m_indexed = false;
};
