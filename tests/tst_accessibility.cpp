// Accessibility (issue 9): every control a keyboard can reach in the console (board, lanes,
// inspector, dialogs) tells a screen reader what it is — its own accessible name, its text,
// or a buddy label. The keyboard-only assignment and the readable conflict colours are
// tested in tst_dispatcherboard (keyboardOnlyAssignment, conflictColoursAreReadable).

#include "board/assignedordersmodel.h"
#include "board/driversmodel.h"
#include "board/outcomelogmodel.h"
#include "board/readyordersmodel.h"
#include "claims/assignmentservice.h"
#include "console/connectiondialog.h"
#include "console/mainwindow.h"
#include "console/reassigndialog.h"
#include "inspector/inspectorwindow.h"
#include "lib/consolesession.h"
#include "simulation/simulationview.h"
#include "testcluster.h"

#include <QAbstractSpinBox>
#include <QAccessible>
#include <QApplication>
#include <QComboBox>
#include <QStandardPaths>
#include <QTabBar>
#include <QTest>
#include <memory>

namespace {

QString describe(const QWidget *widget)
{
    QStringList path;
    for (const QObject *o = widget; o; o = o->parent()) {
        path.prepend(
            QString::fromLatin1(o->metaObject()->className())
            + (o->objectName().isEmpty() ? QString() : QLatin1Char('#') + o->objectName()));
    }
    return path.join(QStringLiteral(" > "));
}

// The focusable controls under `root` that a screen reader could not name.
QStringList unnamedControls(QWidget *root, int *checked)
{
    QStringList unnamed;
    QList<QWidget *> widgets = root->findChildren<QWidget *>();
    widgets.prepend(root);
    for (QWidget *widget : widgets) {
        if (widget->focusPolicy() == Qt::NoFocus || widget->isWindow())
            continue;
        // The editor inside a spin box or combo box is named through its owner.
        if (qobject_cast<QAbstractSpinBox *>(widget->parentWidget())
            || qobject_cast<QComboBox *>(widget->parentWidget()))
            continue;
        ++*checked;
        QAccessibleInterface *accessible = QAccessible::queryAccessibleInterface(widget);
        if (!accessible) {
            unnamed << QStringLiteral("no accessible interface: ") + describe(widget);
            continue;
        }
        QString name = accessible->text(QAccessible::Name).trimmed();
        // A tab bar is named by its tabs.
        if (name.isEmpty() && qobject_cast<QTabBar *>(widget) && accessible->childCount() > 0)
            name = accessible->child(0)->text(QAccessible::Name).trimmed();
        if (name.isEmpty())
            unnamed << describe(widget);
    }
    return unnamed;
}

} // namespace

class AccessibilityTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
        m_cluster.freshDatabase(QStringLiteral("accessibility"));
        m_cluster.addDriver(QStringLiteral("Ada Named"));
        m_cluster.addDriver(QStringLiteral("Bo Labelled"));
        m_order = m_cluster.addReadyOrder(QStringLiteral("Screen Reader"));
    }

    void everyControlOfTheConsoleHasAName()
    {
        ConsoleSession::Options options
            = ConsoleSession::named(m_cluster.settings(), QStringLiteral("a11y"));
        options.trainingDatabase = true;
        options.listen = false;
        ConsoleSession session(options);
        MainWindow &window = *session.window();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        int checked = 0;
        const QStringList unnamed = unnamedControls(&window, &checked);
        qInfo("main window (board, assigned, simulation): %d focusable controls checked", checked);
        QVERIFY(checked > 20);
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QLatin1Char('\n'))));

        ReassignDialog reassign(m_order, QStringLiteral("Ada Named"), session.drivers(),
                                DriversModel::DriverIdRole, DriversModel::ActiveRole, 1, &window);
        checked = 0;
        const QStringList unnamedInDialog = unnamedControls(&reassign, &checked);
        QVERIFY2(unnamedInDialog.isEmpty(), qPrintable(unnamedInDialog.join(QLatin1Char('\n'))));
    }

    void everyControlOfTheLanesHasAName()
    {
        SimulationView view(m_cluster.settings(), true);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        int checked = 0;
        const QStringList unnamed = unnamedControls(&view, &checked);
        qInfo("simulation view: %d focusable controls checked", checked);
        QVERIFY(checked > 10);
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QLatin1Char('\n'))));
    }

    void everyControlOfTheInspectorHasAName()
    {
        InspectorWindow window(m_cluster.settings());
        window.showOrder(m_order);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        int checked = 0;
        const QStringList unnamed = unnamedControls(&window, &checked);
        qInfo("inspector: %d focusable controls checked", checked);
        QVERIFY(checked > 5);
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QLatin1Char('\n'))));
    }

    void everyControlOfTheConnectionDialogHasAName()
    {
        ConnectionDialog dialog(QStringLiteral("postgresql:///dispatch"));
        int checked = 0;
        const QStringList unnamed = unnamedControls(&dialog, &checked);
        QVERIFY(checked > 4);
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QLatin1Char('\n'))));
    }

private:
    TestCluster m_cluster;
    qint64 m_order = 0;
};

QTEST_MAIN(AccessibilityTest)
#include "tst_accessibility.moc"
