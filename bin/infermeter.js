#!/usr/bin/env node
'use strict';
require('../dist/electron/cli/main.js');
