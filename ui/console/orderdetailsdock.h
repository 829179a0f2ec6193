#pragma once

#include "board/orderdetails.h"

#include <QDockWidget>
#include <functional>

class QAbstractItemView;
class QLabel;

// The selected order beyond the board's columns: customer and phone (selectable, to copy
// into a phone), drop-off, what was promised, the items and the notes. Docked beside the
// board; View › Order details hides it. Reads through the loader the composition root gives
// it (OrderDetails::read on the console's connection), so this widget holds no SQL.
class OrderDetailsDock : public QDockWidget
{
    Q_OBJECT
public:
    using Loader = std::function<OrderDetails(qint64 orderId)>;

    explicit OrderDetailsDock(Loader loader, QWidget *parent = nullptr);

    // Reads and shows the order; 0 shows the hint to select one.
    void showOrder(qint64 orderId);
    // Shows the order in the view's current row (its id under `orderIdRole`) as it moves.
    void follow(QAbstractItemView *view, int orderIdRole);
    qint64 orderId() const { return m_orderId; }
    // What the dock says, as plain text (tests, accessibility).
    QString text() const;

private:
    Loader m_loader;
    qint64 m_orderId = 0;
    QLabel *m_title = nullptr;
    QLabel *m_customer = nullptr;
    QLabel *m_phone = nullptr;
    QLabel *m_dropoff = nullptr;
    QLabel *m_promise = nullptr;
    QLabel *m_items = nullptr;
    QLabel *m_notes = nullptr;
};
