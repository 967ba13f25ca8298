/** `npm run bench`: every benchmark in turn; each prints its own figures. */
import { main as environments } from './environments';
import { main as classicAgents } from './classic_agents';
import { main as denseLayers } from './dense_layers';
import { main as box2d } from './box2d';
import { main as continuousAgents } from './continuous_agents';
import { main as minatarAgents } from './minatar_agents';

async function run(): Promise<void> {
  console.log('== environments: steps per second ==');
  await environments();
  console.log('\n== Box2D environments: steps per second ==');
  await box2d();
  console.log('\n== wide dense layers on the tensor backend ==');
  await denseLayers();
  console.log('\n== classic-control agents on CartPole-v0: frames per second ==');
  await classicAgents();
  console.log('\n== continuous-control agents: milliseconds per update ==');
  await continuousAgents();
  console.log('\n== minatar agents: frames per second ==');
  await minatarAgents();
}

void run();
