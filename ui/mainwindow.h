#pragma once

#include "assignmentservice.h"

#include <QMainWindow>

class DriversModel;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;
class ReadyOrdersModel;

// The dispatcher's window: the ready board, the drivers beside it, and an Assign action
// whose outcome (win or 409 conflict) is shown in a non-modal banner.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(ReadyOrdersModel *board, DriversModel *drivers, AssignmentService *assignments,
               const QString &connectionLabel, QWidget *parent = nullptr);

    void refresh();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void assignSelected();
    void showOutcome(AssignmentService::Operation operation, const ClaimOutcome &outcome);
    void updateCounts();
    qint64 selectedOrderId() const;
    qint64 selectedDriverId() const;

    ReadyOrdersModel *m_board;
    DriversModel *m_drivers;
    AssignmentService *m_assignments;
    QTableView *m_boardView = nullptr;
    QTableView *m_driversView = nullptr;
    QLineEdit *m_filter = nullptr;
    QPushButton *m_assignButton = nullptr;
    QLabel *m_banner = nullptr;
    QLabel *m_countLabel = nullptr;
    QLabel *m_connectionLabel = nullptr;
    QTimer *m_pollTimer = nullptr;
};
