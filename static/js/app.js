// Progressive enhancement. Every action here also works as a plain form without JavaScript;
// the script only saves the page reload. No inline scripts (CSP), no build step: the modules
// in js/app/ name each other by relative path, and in production the static files storage
// rewrites those paths to the hashed file names (todo_project/static_storage.py).
//
// Loaded with <script type="module">: a browser without module support skips it, and its
// person gets the pages exactly as they work without JavaScript.
//
// Each module wires one part of the page; the order below is the order they are wired in.

import { enhanceAgenda } from "./app/agenda.js";
import { enhanceBulkBar } from "./app/bulk.js";
import { enhanceEditDialog } from "./app/dialog.js";
import { enhanceInlineEdit } from "./app/edit.js";
import { enhanceOrder } from "./app/order.js";
import { enhancePage } from "./app/page.js";
import { enhancePush } from "./app/push.js";
import { enhanceQuickAdd } from "./app/quickadd.js";
import { enhanceRows } from "./app/rows.js";
import { enhanceShortcuts } from "./app/shortcuts.js";

enhancePage();
enhanceBulkBar();
enhanceRows();
enhanceInlineEdit(); // after enhanceRows: a row's menu closes before the editor opens
enhanceEditDialog(); // after enhanceRows too
enhanceQuickAdd();
enhanceOrder();
enhanceShortcuts();
enhanceAgenda();
enhancePush(); // the profile's "Notifications on this device"
