/**
 * A program whose model lives in the simulator's extras part (simulator/lazy): the registry holds
 * this stand-in, which loads the part the first time the program runs and hands over to the model.
 */
import type { Program } from '../kernel/types.ts';
import { part } from '../lazy/index.ts';

export function onDemand(name: string): Program {
  return (ctx) => {
    const model = part('extras').programs()[name];
    if (!model) throw new Error(`the extras part has no program model ${name}`);
    return model(ctx);
  };
}
