#pragma once

#include <QList>
#include <QWidget>

class BoardStyleProxy;
class DriversModel;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class ReadyOrdersModel;
class RefreshPacer;
struct OrderChange;

// The Ready tab: the filter and count, the live ready board and the drivers beside it, with
// the keys a dispatcher uses (Enter assigns, H holds, Esc clears the filter, drag orders onto
// a driver). It says what it wants (assign these orders to that driver, hold, inspect) and
// leaves doing it to the window's controller. Reads its two models; changes neither.
class BoardPanel : public QWidget
{
    Q_OBJECT
public:
    BoardPanel(ReadyOrdersModel *board, DriversModel *drivers, QWidget *parent = nullptr);

    // Re-read the board (keeping selection and scroll); false if it could not be read.
    bool refreshBoard();
    void refreshDrivers();
    // One orders_changed notification: hides what it can at once and asks the pacer for a
    // re-read, paced or soon (ReadyOrdersModel::applyChange).
    void applyChange(const OrderChange &change);
    RefreshPacer *pacer() const { return m_pacer; }

    QTableView *boardView() const { return m_boardView; }
    QTableView *driversView() const { return m_driversView; }
    BoardStyleProxy *style() const { return m_style; }
    QPushButton *assignButton() const { return m_assignButton; }
    // The tab title for the current count: "&Ready (60)".
    QString tabTitle() const;
    void focusFilter();
    QString filterText() const;

    // Ready orders selected on the board (rows still pending or gone are left out).
    QList<qint64> selectedOrderIds() const;
    // The selected driver, 0 if none.
    qint64 selectedDriverId() const;
    QString selectedDriverName() const;
    // Asks for the selected orders to go to the selected driver, or says what is missing.
    void assignSelected();
    // The same, to the first suggested driver (DriversModel::suggestions), or says why not.
    void assignToSuggested();
    QLabel *suggestionLabel() const { return m_suggestionLabel; }

signals:
    void assignRequested(const QList<qint64> &orderIds, qint64 driverId);
    void holdRequested(const QList<qint64> &orderIds);
    void inspectRequested(qint64 orderId);
    // Something to tell the dispatcher in the banner (httpStatus 0: neutral).
    void messageRequested(const QString &text, int httpStatus);
    void countsChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildFilterRow();
    void buildBoard();
    void buildDrivers();
    void showBoardMenu(const QPoint &position);
    void updateCounts();
    void updateAssignButton();
    void updateSuggestion();

    ReadyOrdersModel *m_board;
    DriversModel *m_drivers;
    RefreshPacer *m_pacer = nullptr;
    BoardStyleProxy *m_style = nullptr;
    QLineEdit *m_filter = nullptr;
    QLabel *m_countLabel = nullptr;
    QTableView *m_boardView = nullptr;
    QWidget *m_driversPane = nullptr;
    QTableView *m_driversView = nullptr;
    QPushButton *m_assignButton = nullptr;
    QLabel *m_suggestionLabel = nullptr;
};
