// The energy table's rows are built once, in the contract, for the CLI and the app.
export { energyRows } from '../../../electron/contract/energy-rank';
