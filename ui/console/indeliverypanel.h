#pragma once

#include <QWidget>
#include <optional>

class InDeliveryModel;
class QLabel;
class QPushButton;
class QTableView;
class QTimer;

// The "In delivery" board: every order between the claim and the door, with its status, the
// time in that status and the time left to the promise, ticking once a second without a
// query. A dispatcher can mark the selected order failed or cancel it, with a reason asked
// for in a small dialog; the panel only reports the wish (failRequested, cancelRequested)
// with the order as the board showed it, so a stale board is refused by the database, not
// acted on. Keeps the selection across refreshes. GUI thread; no SQL.
class InDeliveryPanel : public QWidget
{
    Q_OBJECT
public:
    explicit InDeliveryPanel(InDeliveryModel *model, QWidget *parent = nullptr);

    void refresh(); // re-read the rows, keeping selection and scroll
    QTableView *view() const { return m_view; }
    QString summaryText() const;
    // What the buttons do once a reason is known (for keyboard-free callers and tests).
    void failSelected(const QString &reason);
    void cancelSelected(const QString &reason);

signals:
    void failRequested(qint64 orderId, qint64 shownDriver, const QString &reason);
    void cancelRequested(qint64 orderId, const QString &shownStatus, qint64 shownDriver,
                         const QString &reason);

private:
    void askAndFail();
    void askAndCancel();
    std::optional<int> selectedRow() const;
    void updateButtons();

    InDeliveryModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_summary = nullptr;
    QPushButton *m_fail = nullptr;
    QPushButton *m_cancel = nullptr;
    QTimer *m_tick = nullptr;
};
