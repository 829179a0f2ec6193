#pragma once

#include <QDockWidget>

class OutcomeLogModel;
class QLabel;
class QTableView;
class QToolButton;

// The outcome log as a dock below the board: every claim, release, hold and reassign with
// its outcome; Ctrl+C copies the selected rows as text. Collapsed (the default, issue 17: the
// board gets the room) it is one line with the latest outcome and a button to open the table.
class OutcomeLogDock : public QDockWidget
{
    Q_OBJECT
public:
    explicit OutcomeLogDock(OutcomeLogModel *log, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    bool isCollapsed() const { return m_collapsed; }
    void setCollapsed(bool collapsed);
    QString latestText() const; // what the collapsed line says

private:
    void copySelection();
    void updateLatest();

    OutcomeLogModel *m_log;
    QTableView *m_view = nullptr;
    QLabel *m_latest = nullptr;
    QToolButton *m_toggle = nullptr;
    bool m_collapsed = false;
};
