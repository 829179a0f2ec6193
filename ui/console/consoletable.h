#pragma once

class QString;
class QTableView;
class QWidget;

// A table as the console's panels show one: whole rows selected, read-only, no row numbers,
// Tab leaves the table (it moves between board and drivers), no word wrap.
QTableView *makeConsoleTable(QWidget *parent, const QString &accessibleName);
