#!/usr/bin/env node
'use strict';
// `flydex`: finds a Java 21+ runtime and starts the FlyDex helper jar with this command's arguments.
require('../lib/launcher.js').main();
