#pragma once

#include <QWidget>

class AssignedOrdersModel;
class DriversModel;
class QTableView;

// The Assigned tab: orders drivers hold, with Unassign (back to the board) and Reassign…
// (ReassignDialog asks for the driver and the reason). Asks; the window's controller acts.
class AssignedPanel : public QWidget
{
    Q_OBJECT
public:
    AssignedPanel(AssignedOrdersModel *assigned, DriversModel *drivers, QWidget *parent = nullptr);

    void refresh(); // keeps selection and scroll
    // Repaints *Assigned for*: it counts on with the clock, not with the database (issue 17).
    void tick();
    QTableView *view() const { return m_view; }

signals:
    void releaseRequested(qint64 orderId, qint64 driverId, const QString &reason);
    void reassignRequested(qint64 orderId, qint64 fromDriver, qint64 toDriver,
                           const QString &reason);
    void messageRequested(const QString &text, int httpStatus);

private:
    void unassignSelected();
    void reassignSelected();
    int selectedRow() const; // -1 if none

    AssignedOrdersModel *m_assigned;
    DriversModel *m_drivers;
    QTableView *m_view = nullptr;
};
