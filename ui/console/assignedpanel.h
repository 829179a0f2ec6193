#pragma once

#include <QWidget>

class AssignedFilterProxy;
class AssignedOrdersModel;
class DriversModel;
class QLineEdit;
class QTableView;

// The Assigned tab: orders drivers hold, with a filter (as the Ready tab's: Esc clears it),
// a status column, sorting by any column's real value (a proxy; the model's query stays
// bound), and Unassign (back to the board) and Reassign… (ReassignDialog asks for the
// driver and the reason). Asks; the window's controller acts.
class AssignedPanel : public QWidget
{
    Q_OBJECT
public:
    AssignedPanel(AssignedOrdersModel *assigned, DriversModel *drivers, QWidget *parent = nullptr);
    ~AssignedPanel() override;

    void refresh(); // keeps selection and scroll
    // Repaints *Assigned for*: it counts on with the clock, not with the database (issue 17).
    void tick();
    QTableView *view() const { return m_view; }
    QLineEdit *filter() const { return m_filter; }
    // The tab title for the current count: "Assi&gned (4)", filtered "Assi&gned (2 of 4)".
    QString tabTitle() const;
    void focusFilter();

signals:
    void releaseRequested(qint64 orderId, qint64 driverId, const QString &reason);
    void reassignRequested(qint64 orderId, qint64 fromDriver, qint64 toDriver,
                           const QString &reason);
    void messageRequested(const QString &text, int httpStatus);
    void countsChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void unassignSelected();
    void reassignSelected();
    int selectedRow() const; // the model's row, -1 if none

    AssignedOrdersModel *m_assigned;
    DriversModel *m_drivers;
    AssignedFilterProxy *m_proxy = nullptr;
    QLineEdit *m_filter = nullptr;
    QTableView *m_view = nullptr;
};
